package io.smartspec.slo.junit.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.HdrHistogram.Histogram;

/**
 * What measuring a test body produced: the latency of every counted invocation (in nanoseconds, in
 * an HdrHistogram with 3 significant digits), the errors, and how it was run.
 *
 * @param latencies   latencies of all counted invocations, failed ones included, in nanoseconds
 * @param invocations counted invocations
 * @param errors      counted invocations that threw
 * @param firstErrors the first distinct exceptions (at most {@link MeasuredRunner#KEPT_ERRORS})
 * @param errorCounts how many invocations threw each exception type
 * @param warmup      uncounted warm-up invocations
 * @param threads     threads used
 * @param wallTime    the time the counted invocations took, from first start to last end
 */
public record MeasuredRun(Histogram latencies, long invocations, long errors, List<Throwable> firstErrors,
                          Map<String, Long> errorCounts, int warmup, int threads, Duration wallTime) {

    public MeasuredRun {
        Objects.requireNonNull(latencies, "latencies");
        firstErrors = List.copyOf(firstErrors);
        errorCounts = Map.copyOf(errorCounts);
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /** The latency at a percentile (0..100) in nanoseconds: the HdrHistogram value, never below the exact one. */
    public long percentileNanos(double percentile) {
        return latencies.getValueAtPercentile(percentile);
    }

    /** The slowest invocation in nanoseconds (within the histogram's precision, never below it). */
    public long maxNanos() {
        return latencies.getMaxValue();
    }

    /** The share of counted invocations that threw, 0..1. */
    public double errorRate() {
        return invocations == 0 ? 0 : (double) errors / invocations;
    }
}
