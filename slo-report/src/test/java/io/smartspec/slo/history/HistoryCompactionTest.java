package io.smartspec.slo.history;

import io.smartspec.slo.report.ReportPeriod;
import io.smartspec.slo.report.SloReport;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.evaluation.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Compaction (hourly, then daily summaries) keeps a month's report figures; old files stay readable. */
class HistoryCompactionTest {

    static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
    static final List<SloInfo> INFOS = List.of(
            new SloInfo("p99", Objective.parse("< 200 ms"), Priority.P1, Optional.empty(), false),
            new SloInfo("availability", Objective.parse(">= 99.9 %"), Priority.P0, Optional.of(io.smartspec.slo.SloWindow.rolling(Duration.ofDays(30))),
                    true));

    @Test
    void aCompactedMonthGivesTheRawMonthsComplianceBudgetAndBreachTimings(@TempDir Path dir) throws IOException {
        // given a month of one-minute rounds with breaches of random length (some across hours and midnight)
        // and rounds without data, kept raw in one history and compacted in a copy: 10 days hourly, the rest daily
        Path raw = dir.resolve("raw");
        SloHistory rawHistory = SloHistory.builder(raw).keepRoundsFor(Duration.ofDays(400)).build();
        generateMarch(rawHistory);
        Path compacted = dir.resolve("compacted");
        copy(raw, compacted);
        SloHistory compactedHistory = SloHistory.builder(compacted).keepRoundsFor(Duration.ofDays(1))
                .keepIntervalSummariesFor(Duration.ofDays(10)).build();

        // when
        compactedHistory.compact(APRIL.plus(Duration.ofDays(1)));

        // then both tiers were written, and the figures are the same
        try (Stream<Path> files = Files.list(compacted.resolve("checkout"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("2026-03-01.daily.jsonl.gz", "2026-03-31.summary.jsonl.gz")
                    .noneMatch(n -> n.startsWith("2026-03") && n.endsWith(".jsonl"));
        }
        for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"))) {
            ReportPeriod month = ReportPeriod.month(YearMonth.of(2026, 3), zone);
            SloReport before = SloReport.forSpec("checkout").over(month).from(rawHistory).build();
            SloReport after = SloReport.forSpec("checkout").over(month).from(compactedHistory).build();
            for (String slo : List.of("p99", "availability")) {
                SloReport.SloSection b = before.slo(slo).orElseThrow();
                SloReport.SloSection a = after.slo(slo).orElseThrow();
                assertThat(b.breaches()).as("%s breaches in %s", slo, zone).hasSizeGreaterThan(3);
                if (zone.equals(ZoneId.of("UTC"))) { // daily summaries are UTC days: Berlin's month edges move
                    assertThat(a.rounds()).isEqualTo(b.rounds());
                    assertThat(a.compliance()).isEqualTo(b.compliance());
                    assertThat(a.budget().consumed()).isEqualTo(b.budget().consumed());
                    assertThat(a.breaches()).isEqualTo(b.breaches());
                    // observed values are kept to 5 significant digits of the bound: 0.01 ms for < 200 ms
                    assertThat(a.actual()).isCloseTo(b.actual(), within(0.005));
                    assertThat(a.worst()).isCloseTo(b.worst(), within(0.005));
                } else {
                    assertThat(a.compliance()).isCloseTo(b.compliance(), within(0.002));
                    assertThat(a.breaches()).hasSizeBetween(b.breaches().size() - 1, b.breaches().size() + 1);
                }
            }
            assertThat(after.warnings()).isEmpty();
        }
    }

    @Test
    void filesOfTheFirstFormatAreStillReadAndTheirBadLinesSkippedWithAWarning(@TempDir Path dir)
            throws IOException {
        // given a version 1 summary day with one line cut short
        Path file = dir.resolve("checkout/2026-03-01.summary.jsonl.gz");
        Files.createDirectories(file.getParent());
        String v1 = """
                {"t":"slo","n":"p99","o":"< 200 ms","p":"P1","k":"threshold"}
                {"t":"s","from":"2026-03-01T00:00:00Z","to":"2026-03-01T01:00:00Z","r":[["p99",50,0,10,0,0,120.5,400,10200,60,150,null]]}
                {"t":"s","from":"2026-03-01T01:00:00Z","to":"2026-03-01T02:00:00Z","r":[["p99",60,0,0,0,0,
                {"t":"s","from":"2026-03-01T02:00:00Z","to":"2026-03-01T03:00:00Z","r":[["p99",60,0,0,0,0,140,160,9000,60,150,null]]}
                """;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(v1.getBytes(StandardCharsets.UTF_8));
        }

        // when
        HistoryReading r = SloHistory.in(dir).read("checkout", MARCH, MARCH.plus(Duration.ofDays(1)));

        // then
        assertThat(r.samples("p99")).extracting(HistorySample::rounds).containsExactly(60, 60);
        assertThat(r.samples("p99").get(0).breached()).isEqualTo(10);
        assertThat(r.samples("p99").get(0).mean()).isEqualTo(170);
        assertThat(r.warnings()).singleElement().asString().contains("2026-03-01.summary.jsonl.gz:3: line skipped");
    }

    @Test
    void aBreachThatStartsAndEndsMidHourKeepsItsTimesAfterCompaction(@TempDir Path dir) {
        // given a breach from 10:17 to the first good round at 10:41, with no data at 10:40
        SloHistory history = SloHistory.builder(dir).keepRoundsFor(Duration.ZERO).build();
        for (int i = 0; i < 1440; i++) {
            Instant at = MARCH.plus(Duration.ofMinutes(i));
            Status s = i >= 617 && i < 640 ? Status.BREACHED : i == 640 ? Status.NO_DATA : Status.MET;
            double v = s == Status.BREACHED ? 250 : s == Status.NO_DATA ? Double.NaN : 150;
            history.append("checkout", at, INFOS.subList(0, 1), List.of(HistorySample.round("p99", at, s, v, Double.NaN)));
        }

        // when
        history.compact(MARCH.plus(Duration.ofDays(2)));

        // then
        SloReport report = SloReport.forSpec("checkout").over(ReportPeriod.day(java.time.LocalDate.of(2026, 3, 1),
                ZoneId.of("UTC"))).from(history).build();
        assertThat(report.slo("p99").orElseThrow().breaches()).singleElement().satisfies(b -> {
            assertThat(b.start()).isEqualTo(Instant.parse("2026-03-01T10:17:00Z"));
            assertThat(b.end()).isEqualTo(Instant.parse("2026-03-01T10:41:00Z"));
            assertThat(b.rounds()).isEqualTo(23);
        });
        assertThat(report.slo("p99").orElseThrow().rounds()).isEqualTo(1440);
    }

    /** Latency around 150 ms with breaches of 1 to 180 rounds; a budget that drifts below zero and back. */
    static void generateMarch(SloHistory history) {
        SplittableRandom random = new SplittableRandom(7);
        int breachLeft = 0;
        double budget = 0.05;
        List<HistorySample> samples = new ArrayList<>(2);
        for (Instant t = MARCH; t.isBefore(APRIL); t = t.plusSeconds(60)) {
            samples.clear();
            if (breachLeft == 0 && random.nextInt(1500) == 0) {
                breachLeft = 1 + random.nextInt(180);
            }
            if (random.nextInt(400) == 0) {
                samples.add(HistorySample.round("p99", t, Status.NO_DATA, Double.NaN, Double.NaN));
            } else if (breachLeft > 0) {
                samples.add(HistorySample.round("p99", t, Status.BREACHED, 200 + random.nextDouble() * 300,
                        Double.NaN));
            } else {
                samples.add(HistorySample.round("p99", t, Status.MET, 150 + random.nextGaussian() * 15 % 49,
                        Double.NaN));
            }
            breachLeft = Math.max(0, breachLeft - 1);
            budget = Math.max(-0.1, Math.min(1, budget + (random.nextDouble() - 0.5) * 0.01));
            Status s = budget < 0 ? Status.BREACHED : budget < 0.25 ? Status.AT_RISK : Status.MET;
            samples.add(HistorySample.round("availability", t, s, 99.9 + 0.1 * budget, budget));
            history.append("checkout", t, INFOS, samples);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
