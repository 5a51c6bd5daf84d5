package io.smartspec.slo.benchmarks;

import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.report.ReportFormat;
import io.smartspec.slo.report.ReportPeriod;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.history.SloInfo;
import io.smartspec.slo.report.SloReport;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A monthly report over a year of one-minute rounds for 50 SLOs (25 latency thresholds, 25 ratio SLOs),
 * written through {@link SloHistory#append} with the default retention: single rounds for 7 days,
 * hourly summaries for 90 days, daily summaries before. The history is generated once into {@code target/report-benchmark-history}
 * (or {@code -Dslo.bench.dir=...}) and reused; its size on disk is printed.
 *
 * <pre>
 * ./mvnw -q -o -Pbenchmarks -pl benchmarks -am package -DskipTests
 * java -cp ... org.openjdk.jmh.Main ReportBenchmark -prof gc
 * </pre>
 * Two months are measured: March 2026 (its last 7 days still single rounds, the rest hourly) and
 * September 2025 (daily summaries only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class ReportBenchmark {

    static final int SLOS = 50;
    static final Instant START = Instant.parse("2025-04-01T00:00:00Z");
    static final Instant END = Instant.parse("2026-04-01T00:00:00Z");

    SloHistory history;
    ReportPeriod march;
    ReportPeriod september;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Path dir = Path.of(System.getProperty("slo.bench.dir", "target/report-benchmark-history"));
        Path marker = dir.resolve("complete");
        history = SloHistory.in(dir);
        if (!Files.exists(marker)) {
            long t0 = System.nanoTime();
            generate(history, START, END);
            history.compact(END);
            Files.writeString(marker, "generated in " + (System.nanoTime() - t0) / 1_000_000 + " ms\n");
        }
        System.out.println("\n[history] " + Files.readString(marker).trim() + "; " + size(dir) + " bytes on disk in "
                + dir.toAbsolutePath());
        march = ReportPeriod.month(YearMonth.of(2026, 3), ZoneOffset.UTC);
        september = ReportPeriod.month(YearMonth.of(2025, 9), ZoneOffset.UTC);
    }

    @Benchmark
    public SloReport monthlyReportRecentMonth() {
        return SloReport.forSpec("bench").over(march).from(history).build();
    }

    @Benchmark
    public SloReport monthlyReportCompactedMonth() {
        return SloReport.forSpec("bench").over(september).from(history).build();
    }

    @Benchmark
    public String monthlyReportRecentMonthAsHtml() {
        return ReportFormat.HTML.render(SloReport.forSpec("bench").over(march).from(history).build());
    }

    /**
     * Without JMH: one report of each month after a warm-up, with its wall time and the peak heap
     * (after a GC, pools reset) — run with a small {@code -Xmx} to see that it fits.
     */
    public static void main(String[] args) throws IOException {
        ReportBenchmark b = new ReportBenchmark();
        b.setup();
        for (int i = 0; i < 3; i++) {
            b.monthlyReportRecentMonth();
            b.monthlyReportCompactedMonth();
        }
        for (ReportPeriod period : List.of(b.march, b.september)) {
            System.gc();
            java.lang.management.ManagementFactory.getMemoryPoolMXBeans()
                    .forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
            long t0 = System.nanoTime();
            SloReport report = SloReport.forSpec("bench").over(period).from(b.history).build();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("monthly report %s: %d SLOs, %d ms, peak heap %d MB (max %d MB)%n", period.label(),
                    report.slos().size(), ms, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** One-minute rounds; latencies wander around 150 ms with rare spikes, ratio budgets drift. */
    static void generate(SloHistory history, Instant from, Instant to) {
        List<SloInfo> infos = new ArrayList<>();
        for (int i = 0; i < SLOS; i++) {
            boolean ratio = i % 2 == 1;
            infos.add(new SloInfo("slo-" + i, Objective.parse(ratio ? ">= 99.9 %" : "< 200 ms"),
                    Priority.values()[i % 4], ratio ? Optional.of(io.smartspec.slo.SloWindow.rolling(Duration.ofDays(30))) : Optional.empty(), ratio));
        }
        SplittableRandom random = new SplittableRandom(42);
        double[] budget = new double[SLOS];
        java.util.Arrays.fill(budget, 0.8);
        List<HistorySample> samples = new ArrayList<>(SLOS);
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
            samples.clear();
            for (int i = 0; i < SLOS; i++) {
                SloInfo info = infos.get(i);
                if (info.ratio()) {
                    budget[i] = Math.max(-0.2, Math.min(1, budget[i] + (random.nextDouble() - 0.5) * 0.002));
                    double sli = 99.9 + 0.1 * budget[i];
                    Status s = budget[i] < 0 ? Status.BREACHED : budget[i] < 0.25 ? Status.AT_RISK : Status.MET;
                    samples.add(HistorySample.round(info.name(), t, s, sli, budget[i]));
                } else if (random.nextInt(5000) == 0) {
                    samples.add(HistorySample.round(info.name(), t, Status.NO_DATA, Double.NaN, Double.NaN));
                } else {
                    double v = 150 + random.nextGaussian() * 15 + (random.nextInt(2000) == 0 ? 100 : 0);
                    samples.add(HistorySample.round(info.name(), t, v < 200 ? Status.MET : Status.BREACHED, v,
                            Double.NaN));
                }
            }
            history.append("bench", t, infos, samples);
        }
    }

    static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
