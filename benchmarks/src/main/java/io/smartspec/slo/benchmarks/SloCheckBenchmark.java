package io.smartspec.slo.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.github.noconnor.junitperf.JUnitPerfInterceptor;
import com.github.noconnor.junitperf.JUnitPerfReportingConfig;
import com.github.noconnor.junitperf.JUnitPerfTest;
import com.github.noconnor.junitperf.JUnitPerfTestActiveConfig;
import com.github.noconnor.junitperf.data.EvaluationContext;
import com.github.noconnor.junitperf.reporting.ReportGenerator;
import com.github.noconnor.junitperf.statistics.providers.DescriptiveStatisticsCalculator;
import io.smartspec.slo.junit.SloCheck;
import io.smartspec.slo.junit.internal.MeasuredRun;
import io.smartspec.slo.junit.internal.MeasuredRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code @SloCheck} next to a hand-written {@code System.nanoTime()} loop and next to JUnitPerf
 * ({@code @JUnitPerfTest(totalExecutions = ...)}), each measuring the same body inside a JUnit test
 * run through the JUnit Platform launcher. A benchmark operation is one whole test run of
 * {@value #INVOCATIONS} invocations, so the score is the time per invocation: body plus measurement
 * plus the test run's fixed cost spread over the invocations.
 *
 * <pre>
 * ./mvnw -q -o -Pbenchmarks -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar SloCheckBenchmark                                          # JMH
 * java -cp benchmarks/target/benchmarks.jar io.smartspec.slo.benchmarks.SloCheckBenchmark overhead 31  # interleaved
 * java -cp benchmarks/target/benchmarks.jar io.smartspec.slo.benchmarks.SloCheckBenchmark              # p99 error
 * </pre>
 *
 * The {@link #main} method measures accuracy instead of speed: a body spins for a long-tailed
 * duration; each tool's reported percentiles are compared with the exact (nearest-rank) percentiles
 * of the very latencies that tool recorded, so scheduling noise on a loaded machine cancels out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SloCheckBenchmark {

    /** Invocations of the body per test run. */
    public static final int INVOCATIONS = 20_000;

    /** The measured body: a fixed amount of work (about a microsecond) whose result is kept. */
    public static final class Body {
        static volatile long sink;

        private Body() {
        }

        public static void work() {
            long x = sink + 0x9E3779B97F4A7C15L;
            for (int i = 0; i < 400; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            sink = x;
        }
    }

    // ------------------------------------------------------------------ the three fixtures

    /** The body alone, unmeasured: what the measurement overhead is counted from. */
    public static class BareLoop {
        @Test
        void loop() {
            for (int i = 0; i < INVOCATIONS; i++) {
                Body.work();
            }
        }
    }

    /** The baseline: what a developer writes by hand, timing into an array and sorting for the exact p99. */
    public static class HandWrittenLoop {
        static volatile long p99;

        @Test
        void loop() {
            long[] nanos = new long[INVOCATIONS];
            for (int i = 0; i < INVOCATIONS; i++) {
                long start = System.nanoTime();
                Body.work();
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            p99 = nanos[(int) Math.ceil(0.99 * INVOCATIONS) - 1];
        }
    }

    /** {@code @SloCheck}. */
    public static class SloCheckFixture {
        @Test
        @SloCheck(name = "body", invocations = INVOCATIONS, p99 = "1s")
        void body() {
            Body.work();
        }
    }

    /** JUnitPerf, with a report generator that only keeps the result (no HTML). */
    @ExtendWith(JUnitPerfInterceptor.class)
    public static class JUnitPerfFixture {
        @JUnitPerfTestActiveConfig
        static final JUnitPerfReportingConfig CONFIG = JUnitPerfReportingConfig.builder()
                .reportGenerator(new Capture()).build();

        @Test
        @JUnitPerfTest(totalExecutions = INVOCATIONS, durationMs = 600_000, threads = 1)
        void body() {
            Body.work();
        }
    }

    /** Keeps JUnitPerf's last evaluation. */
    public static final class Capture implements ReportGenerator {
        static volatile EvaluationContext last;

        @Override
        public void generateReport(LinkedHashSet<EvaluationContext> testContexts) {
            testContexts.forEach(c -> last = c);
        }

        @Override
        public String getReportPath() {
            return "";
        }
    }

    // ------------------------------------------------------------------ JMH

    private Launcher launcher;
    private Path reports;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        launcher = LauncherFactory.create();
        reports = Files.createTempDirectory("slo-reports");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        deleteAll(reports);
    }

    @Benchmark
    @OperationsPerInvocation(INVOCATIONS)
    public long handWrittenLoop() {
        return run(launcher, HandWrittenLoop.class, reports);
    }

    @Benchmark
    @OperationsPerInvocation(INVOCATIONS)
    public long sloCheck() {
        return run(launcher, SloCheckFixture.class, reports);
    }

    @Benchmark
    @OperationsPerInvocation(INVOCATIONS)
    public long junitPerf() {
        return run(launcher, JUnitPerfFixture.class, reports);
    }

    /** Runs one fixture class; fails loudly when its test did not pass. */
    static long run(Launcher launcher, Class<?> fixture, Path reports) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameter(SloCheck.REPORTS_DIR_PARAMETER, reports.toString())
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        if (summary.getSummary().getTestsSucceededCount() != 1) {
            summary.getSummary().getFailures().forEach(f -> f.getException().printStackTrace());
            throw new IllegalStateException(fixture.getSimpleName() + " did not pass");
        }
        return summary.getSummary().getTestsSucceededCount();
    }

    // ------------------------------------------------------------------ accuracy

    /** Invocations of the accuracy runs. */
    static final int ACCURACY_INVOCATIONS = 20_000;

    /** A body that spins for a long-tailed duration (lognormal around 20 µs, capped at 5 ms). */
    public static final class SpinBody {
        static long[] planned;
        static final AtomicInteger NEXT = new AtomicInteger();

        private SpinBody() {
        }

        static void plan(long seed) {
            Random random = new Random(seed);
            planned = new long[ACCURACY_INVOCATIONS * 2];
            for (int i = 0; i < planned.length; i++) {
                double micros = Math.exp(Math.log(20) + 0.9 * random.nextGaussian());
                planned[i] = (long) (Math.min(micros, 5_000) * 1000);
            }
            NEXT.set(0);
        }

        static void spin() {
            long until = System.nanoTime() + planned[NEXT.getAndIncrement() % planned.length];
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    /** JUnitPerf's own statistics, keeping a copy of every latency it recorded. */
    public static final class RecordingStatistics extends DescriptiveStatisticsCalculator {
        static final long[] SAMPLES = new long[ACCURACY_INVOCATIONS * 2];
        static final AtomicInteger COUNT = new AtomicInteger();

        @Override
        public void addLatencyMeasurement(long executionTimeNs) {
            super.addLatencyMeasurement(executionTimeNs);
            SAMPLES[COUNT.getAndIncrement()] = executionTimeNs;
        }
    }

    @ExtendWith(JUnitPerfInterceptor.class)
    public static class JUnitPerfAccuracy {
        @JUnitPerfTestActiveConfig
        static final JUnitPerfReportingConfig CONFIG = JUnitPerfReportingConfig.builder()
                .reportGenerator(new Capture()).statisticsCalculatorSupplier(RecordingStatistics::new).build();

        @Test
        @JUnitPerfTest(totalExecutions = ACCURACY_INVOCATIONS, durationMs = 600_000, threads = 1)
        void spin() {
            SpinBody.spin();
        }
    }

    /** The exact nearest-rank percentile of samples. */
    static long exact(long[] samples, int count, double percentile) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(Math.nextDown(percentile) / 100 * count) - 1];
    }

    /**
     * Prints each tool's percentiles next to the exact percentiles of the very latencies that tool
     * recorded, for three seeds. @SloCheck's runner is driven with a clock that keeps every reading;
     * JUnitPerf with a statistics calculator that keeps every sample.
     */
    public static void main(String[] args) throws Throwable {
        if (args.length > 0 && args[0].equals("overhead")) {
            overhead(args.length > 1 ? Integer.parseInt(args[1]) : 15);
            return;
        }
        Launcher launcher = LauncherFactory.create();
        Path reports = Files.createTempDirectory("slo-reports");
        System.out.println("tool       seed  samples   p50 exact/reported (error)    p99 exact/reported (error)"
                + "    p99.9 exact/reported (error)   [ms]");
        try {
            for (long seed = 1; seed <= 3; seed++) {
                SpinBody.plan(seed);
                long[] reads = new long[ACCURACY_INVOCATIONS * 2];
                int[] k = {0};
                MeasuredRun run = MeasuredRunner.run(SpinBody::spin, 0, ACCURACY_INVOCATIONS, 1, () -> {
                    long t = System.nanoTime();
                    reads[k[0]++] = t;
                    return t;
                });
                long[] own = new long[ACCURACY_INVOCATIONS];
                for (int i = 0; i < own.length; i++) {
                    own[i] = reads[2 * i + 1] - reads[2 * i];
                }
                print("@SloCheck", seed, own, own.length, run.percentileNanos(50) / 1e6, run.percentileNanos(99) / 1e6,
                        run.percentileNanos(99.9) / 1e6);

                SpinBody.plan(seed);
                RecordingStatistics.COUNT.set(0);
                run(launcher, JUnitPerfAccuracy.class, reports);
                EvaluationContext c = Capture.last;
                print("JUnitPerf", seed, RecordingStatistics.SAMPLES, RecordingStatistics.COUNT.get(),
                        c.getLatencyPercentileMs(50), c.getLatencyPercentileMs(99), Double.NaN);
            }
        } finally {
            deleteAll(reports);
        }
    }

    /**
     * Overhead on a shared, loaded machine: the three fixtures run in turn, round after round, so that
     * they share the noise; prints the minimum and the median time per invocation of each.
     */
    static void overhead(int rounds) throws IOException {
        Launcher launcher = LauncherFactory.create();
        Path reports = Files.createTempDirectory("slo-reports");
        Class<?>[] fixtures = {BareLoop.class, HandWrittenLoop.class, SloCheckFixture.class, JUnitPerfFixture.class};
        double[][] perInvocation = new double[fixtures.length][rounds];
        try {
            for (int warm = 0; warm < 3; warm++) {
                for (Class<?> f : fixtures) {
                    run(launcher, f, reports);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int f = 0; f < fixtures.length; f++) {
                    long start = System.nanoTime();
                    run(launcher, fixtures[f], reports);
                    perInvocation[f][r] = (System.nanoTime() - start) / (double) INVOCATIONS;
                }
            }
        } finally {
            deleteAll(reports);
        }
        System.out.println("fixture            min ns/invocation  median ns/invocation  overhead over BareLoop "
                + "(min, median)   (" + rounds + " rounds of " + INVOCATIONS + " invocations)");
        double[] bare = perInvocation[0].clone();
        Arrays.sort(bare);
        for (int f = 0; f < fixtures.length; f++) {
            double[] t = perInvocation[f].clone();
            Arrays.sort(t);
            System.out.println(String.format(Locale.ROOT, "%-18s %12.1f %20.1f %14.1f %10.1f", fixtures[f].getSimpleName(),
                    t[0], t[t.length / 2], t[0] - bare[0], t[t.length / 2] - bare[bare.length / 2]));
        }
    }

    private static void print(String tool, long seed, long[] samples, int count, double p50, double p99,
                              double p999) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s %4d %8d", tool, seed, count));
        double[][] pairs = {{50, p50}, {99, p99}, {99.9, p999}};
        for (double[] p : pairs) {
            double exact = exact(samples, count, p[0]) / 1e6;
            if (Double.isNaN(p[1])) {
                line.append(String.format(Locale.ROOT, "  %8.4f / %-8s (%8s)", exact, "n/a", "n/a"));
            } else {
                line.append(String.format(Locale.ROOT, "  %8.4f / %-8.4f (%+7.3f%%)", exact, p[1],
                        (p[1] - exact) / exact * 100));
            }
        }
        System.out.println(line);
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
