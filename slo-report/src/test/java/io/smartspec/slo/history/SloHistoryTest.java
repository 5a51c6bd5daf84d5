package io.smartspec.slo.history;

import io.smartspec.slo.report.ReportPeriod;
import io.smartspec.slo.report.SloReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SloHistoryTest {

    static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");

    @Test
    void roundsAreReadBackPerSpecAndSlo(@TempDir Path dir) {
        // given
        SloHistory history = SloHistory.in(dir);
        history.append(GeneratedHistory.round(DAY, 150, 100));
        history.append(GeneratedHistory.round(DAY.plusSeconds(60), 250, 100));

        // when
        HistoryReading r = history.read("checkout", DAY, DAY.plusSeconds(3600));

        // then
        assertThat(history.specIds()).containsExactly("checkout");
        assertThat(r.slos().keySet()).containsExactly("p99", "availability", "queue-depth");
        assertThat(r.samples("p99")).extracting(HistorySample::last).containsExactly(150.0, 250.0);
        assertThat(r.samples("p99").get(1).breached()).isEqualTo(1);
        assertThat(r.slos().get("availability").window()).contains(io.smartspec.slo.SloWindow.rolling(Duration.ofDays(30)));
        assertThat(r.samples("queue-depth").get(0).noData()).isEqualTo(1);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void corruptAndTruncatedLinesAreSkippedWithAWarningNamingFileAndLine(@TempDir Path dir) throws IOException {
        // given a day file with a corrupt line in the middle and a line cut short by a crash at the end
        SloHistory history = SloHistory.in(dir);
        history.append(GeneratedHistory.round(DAY, 150, 100));
        Path file = dir.resolve("checkout/2026-03-10.jsonl");
        Files.writeString(file, "{\"t\":\"r\",\"at\":\"not-a-time\",\"r\":[]}\n", StandardOpenOption.APPEND);
        history.append(GeneratedHistory.round(DAY.plusSeconds(60), 150, 100));
        Files.writeString(file, "{\"t\":\"r\",\"at\":\"2026-03-10T00:02:00Z\",\"r\":[[\"p99\",\"M\",15",
                StandardOpenOption.APPEND);

        // when
        SloReport report = SloReport.forSpec("checkout")
                .over(ReportPeriod.day(LocalDate.of(2026, 3, 10), ZoneOffset.UTC)).from(history).build();

        // then
        assertThat(report.slo("p99").orElseThrow().rounds()).isEqualTo(2);
        assertThat(report.warnings()).hasSize(2);
        assertThat(report.warnings().get(0)).contains("2026-03-10.jsonl:").contains("'at' is not an ISO-8601 instant");
        assertThat(report.warnings().get(1)).contains("truncated or corrupt");
    }

    @Test
    void aRoundAppendedAfterACrashMidLineStartsOnANewLine(@TempDir Path dir) throws IOException {
        // given a file whose last line was cut short, and a new process
        SloHistory.in(dir).append(GeneratedHistory.round(DAY, 150, 100));
        Files.writeString(dir.resolve("checkout/2026-03-10.jsonl"), "{\"t\":\"r\",\"at\":\"2026-03-10T00:0",
                StandardOpenOption.APPEND);
        SloHistory restarted = SloHistory.in(dir);

        // when
        restarted.append(GeneratedHistory.round(DAY.plusSeconds(120), 300, 100));

        // then only the cut line is lost
        HistoryReading r = restarted.read("checkout", DAY, DAY.plusSeconds(3600));
        assertThat(r.samples("p99")).extracting(HistorySample::last).containsExactly(150.0, 300.0);
        assertThat(r.warnings()).hasSize(1);
    }

    @Test
    void compactionGzipsFinishedDaysAndSummarisesOldOnesWithoutChangingTheFigures(@TempDir Path dir)
            throws IOException {
        // given three days of one-minute rounds, single rounds kept for one day
        SloHistory history = SloHistory.builder(dir).keepRoundsFor(Duration.ofDays(1)).build();
        GeneratedHistory.breachDay(history, DAY);
        GeneratedHistory.quietDay(history, DAY.plus(Duration.ofDays(1)));
        history.append(GeneratedHistory.round(DAY.plus(Duration.ofDays(2)), 150, 100));
        SloReport before = report(history);

        // when
        history.compact(DAY.plus(Duration.ofDays(2)).plusSeconds(3600));

        // then
        try (Stream<Path> files = Files.list(dir.resolve("checkout"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "2026-03-10.summary.jsonl.gz", "2026-03-11.jsonl.gz", "2026-03-12.jsonl");
        }
        SloReport after = report(history);
        SloReport.SloSection p99 = after.slo("p99").orElseThrow();
        SloReport.SloSection p99Before = before.slo("p99").orElseThrow();
        assertThat(p99.rounds()).isEqualTo(1440);
        assertThat(p99.compliance()).isEqualTo(p99Before.compliance());
        assertThat(p99.budget().consumed()).isEqualTo(p99Before.budget().consumed());
        assertThat(p99.worst()).isEqualTo(400);
        assertThat(p99.actual()).isCloseTo(p99Before.actual(), org.assertj.core.api.Assertions.within(1e-6));
        // breach starts and ends stay exact after compaction
        assertThat(p99.breaches()).extracting(SloReport.Breach::start).containsExactly(
                Instant.parse("2026-03-10T10:00:00Z"), Instant.parse("2026-03-10T22:00:00Z"));
        assertThat(p99.breachedFor()).isEqualTo(Duration.ofMinutes(40));
        assertThat(after.slo("availability").orElseThrow().budget().remaining())
                .isEqualTo(before.slo("availability").orElseThrow().budget().remaining());
        assertThat(after.warnings()).isEmpty();
    }

    @Test
    void aRoundSeenTwiceAfterACrashDuringCompactionCountsOnce(@TempDir Path dir) throws IOException {
        // given the day was gzipped but the crash came before the plain file was deleted
        SloHistory history = SloHistory.in(dir);
        history.append(GeneratedHistory.round(DAY, 150, 100));
        Path plain = dir.resolve("checkout/2026-03-10.jsonl");
        byte[] copy = Files.readAllBytes(plain);
        history.compact(DAY.plus(Duration.ofDays(1)));
        Files.write(plain, copy);

        // when
        HistoryReading r = history.read("checkout", DAY, DAY.plus(Duration.ofDays(1)));

        // then
        assertThat(r.samples("p99")).hasSize(1);
        assertThat(new String(copy, StandardCharsets.UTF_8)).contains("\"t\":\"slo\"");
    }

    static SloReport report(SloHistory history) {
        return SloReport.forSpec("checkout").over(ReportPeriod.day(LocalDate.of(2026, 3, 10), ZoneOffset.UTC))
                .from(history).build();
    }
}
