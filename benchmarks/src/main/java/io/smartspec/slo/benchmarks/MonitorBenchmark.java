package io.smartspec.slo.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.micrometer.MicrometerSource;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * A monitor with 1,000 ratio SLOs ({@code good.N / total.N >= 99.9% over 30d}, with the Google
 * burn-rate windows: 16 queries per SLO) on Micrometer counters, on a virtual clock that moves 60 s per
 * round.
 * <ul>
 *   <li>JMH: the cost of one round ({@code java -jar benchmarks.jar MonitorBenchmark});</li>
 *   <li>{@link #main}: the heap retained after GC at checkpoints up to 100,000 rounds
 *       ({@code java -cp benchmarks.jar io.smartspec.slo.benchmarks.MonitorBenchmark [rounds]}).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MonitorBenchmark {

    static final int SLOS = 1000;

    /** A clock moved by hand. */
    static final class VirtualClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The monitor under test and its traffic. */
    static final class Fixture implements AutoCloseable {
        final VirtualClock clock = new VirtualClock();
        final Counter[] good = new Counter[SLOS];
        final Counter[] total = new Counter[SLOS];
        final MicrometerSource source;
        final SloMonitor monitor;

        Fixture() {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            SloSet.Builder set = SloSet.named("bench");
            for (int i = 0; i < SLOS; i++) {
                good[i] = registry.counter("good." + i);
                total[i] = registry.counter("total." + i);
                String g = "good." + i;
                String t = "total." + i;
                set.slo("ratio-" + i, s -> s.ratio(Slo.good(g), Slo.total(t)).target(Quantity.percent(99.9))
                        .over(Duration.ofDays(30)));
            }
            source = MicrometerSource.builder(registry).countingSince(clock.now).build();
            monitor = SloMonitor.builder().slos(set.build(), source).clock(clock)
                    .listener(e -> { }).meterRegistry(new SimpleMeterRegistry()).build();
        }

        EvaluationRound round() {
            for (int i = 0; i < SLOS; i++) {
                total[i].increment(100);
                good[i].increment(i % 100 == 0 ? 90 : 100); // 1% of the SLOs breach
            }
            clock.now = clock.now.plusSeconds(60);
            return monitor.runOnce();
        }

        @Override
        public void close() {
            monitor.close();
        }
    }

    private Fixture fixture;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new Fixture();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    /** One round of 1,000 ratio SLOs (16,000 queries). */
    @Benchmark
    public EvaluationRound round() {
        return fixture.round();
    }

    /** Heap used after a full GC, in bytes. */
    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Runs up to {@code args[0]} rounds (default 100,000), printing the heap after GC at checkpoints. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long before = heapAfterGc();
        System.out.printf("heap after GC before the monitor: %.1f MB%n", before / 1e6);
        try (Fixture f = new Fixture()) {
            long start = System.nanoTime();
            int next = 1000;
            for (int r = 1; r <= rounds; r++) {
                f.round();
                if (r == next || r == rounds) {
                    long heap = heapAfterGc();
                    System.out.printf("rounds %,7d (virtual %5.1f days): heap after GC %.1f MB (monitor + source "
                                    + "%.1f MB), tracked series %d, %.1f ms per round%n", r, r / 1440.0, heap / 1e6,
                            (heap - before) / 1e6, f.source.trackedSeries(),
                            (System.nanoTime() - start) / 1e6 / r);
                    next = next * 2 > rounds ? rounds : next * 2;
                }
            }
        }
    }
}
