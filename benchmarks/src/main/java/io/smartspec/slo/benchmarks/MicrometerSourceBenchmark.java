package io.smartspec.slo.benchmarks;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Evaluating 1,000 threshold SLOs ({@code timer.N p99 < 200ms}) on Micrometer timers, per SLO, next to
 * Micrometer's own {@code takeSnapshot()} on the same timers. Each operation visits the next of the
 * 1,000 timers, so the numbers are per SLO / per timer.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MicrometerSourceBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MicrometerSourceBenchmark {

    static final int SLOS = 1000;

    private Timer[] timers;
    private List<Slo> slos;
    private String[] queries;
    private MicrometerSource source;
    private final SloEvaluator evaluator = SloEvaluator.withDefaults();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SloSet.Builder set = SloSet.named("bench");
        queries = new String[SLOS];
        for (int i = 0; i < SLOS; i++) {
            queries[i] = "timer." + i + " p99";
            String q = queries[i];
            set.slo("slo-" + i, s -> s.metric("latency", q).below(Duration.ofMillis(200)));
        }
        SloSet sloSet = set.build();
        slos = sloSet.slos();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(SloMeterFilter.of(sloSet));
        timers = new Timer[SLOS];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < SLOS; i++) {
            timers[i] = Timer.builder("timer." + i).register(registry);
            for (int k = 0; k < 1000; k++) {
                timers[i].record(1 + random.nextInt(300), TimeUnit.MILLISECONDS);
            }
        }
        source = MicrometerSource.of(registry);
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == SLOS ? 0 : i + 1;
        return i;
    }

    /** Micrometer alone: the snapshot of one timer (percentiles computed from its histogram). */
    @Benchmark
    public HistogramSnapshot micrometerTakeSnapshot() {
        return timers[nextIndex()].takeSnapshot();
    }

    /** The source alone: one {@code timer.N p99} query. */
    @Benchmark
    public io.smartspec.slo.source.Measurement sourceQuery() {
        return source.query(MetricQuery.value("latency", queries[nextIndex()], Instant.EPOCH));
    }

    /** One threshold SLO evaluated end to end (query, unit, objective, margin, result). */
    @Benchmark
    public SloResult evaluateThresholdSlo() {
        return evaluator.evaluate("bench", slos.get(nextIndex()), source, Instant.EPOCH);
    }
}
