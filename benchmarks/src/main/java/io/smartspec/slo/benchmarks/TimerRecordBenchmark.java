package io.smartspec.slo.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.micrometer.SloMeterFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What SloMeterFilter's precision costs on the request path: one {@code Timer.record} of a request's
 * latency (1..300 ms, drawn in advance), in one run, on
 * <ul>
 *   <li>{@code longAdder}: a plain {@link LongAdder} increment, the floor;</li>
 *   <li>{@code defaultTimer}: a timer with Micrometer's defaults (no percentiles, no histogram);</li>
 *   <li>{@code percentileTimer}: the settings SloMeterFilter gave before it published buckets
 *       (p99 with 3 significant digits);</li>
 *   <li>{@code bucketTimer}: only what publishing buckets adds: the percentile histogram and SLO
 *       boundaries at 100 and 250 ms, no client-side percentile;</li>
 *   <li>{@code sloTimer}: a timer configured by SloMeterFilter for {@code p99 < 250ms} and
 *       {@code 99% faster than 100ms}: p99 with 3 digits, the percentile histogram, SLO boundaries at
 *       100 and 250 ms, cumulative buckets;</li>
 * </ul>
 * each in Micrometer's {@code SimpleMeterRegistry} and in its Prometheus registry (which keeps its own
 * cumulative bucket counts). Goal: {@code sloTimer} within 1.5x of {@code defaultTimer}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TimerRecordBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class TimerRecordBenchmark {

    private static final int LATENCIES = 4096;

    @Param({"simple", "prometheus"})
    public String registry;

    private final long[] latencies = new long[LATENCIES];
    private int next;
    private final LongAdder adder = new LongAdder();
    private Timer defaultTimer;
    private Timer percentileTimer;
    private Timer bucketTimer;
    private Timer sloTimer;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < LATENCIES; i++) {
            latencies[i] = TimeUnit.MICROSECONDS.toNanos(1000 + random.nextInt(299_000));
        }
        MeterRegistry r = registry.equals("prometheus") ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                : new SimpleMeterRegistry();
        SloSet slos = SloSet.named("bench")
                .slo("p99", s -> s.metric("latency", "slo.timer p99").below(Duration.ofMillis(250)))
                .slo("fast", s -> s.latency("latency", "slo.timer").fasterThan(Duration.ofMillis(100))
                        .target(Quantity.percent(99)))
                .build();
        r.config().meterFilter(SloMeterFilter.of(slos));
        defaultTimer = Timer.builder("default.timer").register(r);
        percentileTimer = Timer.builder("percentile.timer").publishPercentiles(0.99)
                .percentilePrecision(SloMeterFilter.PERCENTILE_PRECISION).register(r);
        bucketTimer = Timer.builder("bucket.timer").publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250)).register(r);
        sloTimer = Timer.builder("slo.timer").register(r);
        if (sloTimer.takeSnapshot().histogramCounts().length == 0) {
            throw new IllegalStateException("slo.timer was not configured by SloMeterFilter: no buckets");
        }
    }

    private long latency() {
        next = (next + 1) & (LATENCIES - 1);
        return latencies[next];
    }

    @Benchmark
    public void longAdder() {
        adder.add(latency());
    }

    @Benchmark
    public void defaultTimer() {
        defaultTimer.record(latency(), TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void percentileTimer() {
        percentileTimer.record(latency(), TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void bucketTimer() {
        bucketTimer.record(latency(), TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void sloTimer() {
        sloTimer.record(latency(), TimeUnit.NANOSECONDS);
    }
}
