package io.smartspec.slo.report;

import io.smartspec.slo.history.GeneratedHistory;
import io.smartspec.slo.history.SloHistory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportSchedulerTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;
    SloHistory history;
    Path reports;

    @BeforeEach
    void history() {
        history = SloHistory.in(dir.resolve("history"));
        reports = dir.resolve("reports");
        // 2026-03-09 and 2026-03-10 (UTC days) of one-minute rounds
        GeneratedHistory.quietDay(history, Instant.parse("2026-03-09T00:00:00Z"));
        GeneratedHistory.breachDay(history, Instant.parse("2026-03-10T00:00:00Z"));
    }

    ReportScheduler scheduler(ReportSink... sinks) {
        ReportScheduler.Builder b = ReportScheduler.builder(history).zone(BERLIN);
        for (ReportSink s : sinks) {
            b.sink(s);
        }
        return b.build();
    }

    @Test
    void theDailyReportIsWrittenAfterMidnightInTheSchedulersZone() throws IOException {
        // given 00:30 on 11 March in Berlin, still 10 March in UTC
        ReportScheduler scheduler = scheduler(ReportSink.directory(reports));

        // when
        List<ReportScheduler.Delivery> done = scheduler.runDue(Instant.parse("2026-03-10T23:30:00Z"));

        // then only the daily report: last week and last month ended before the history began
        assertThat(done).singleElement().satisfies(d -> {
            assertThat(d.delivered()).isTrue();
            assertThat(d.period().label()).isEqualTo("2026-03-10");
        });
        try (Stream<Path> files = Files.list(reports.resolve("checkout"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "checkout-daily-2026-03-10.md", "checkout-daily-2026-03-10.json",
                    "checkout-daily-2026-03-10.html");
        }
    }

    @Test
    void eachReportIsWrittenOnceEvenAcrossRestarts() {
        // given
        Instant now = Instant.parse("2026-03-10T23:30:00Z");
        scheduler(ReportSink.directory(reports)).runDue(now);

        // when checked again, and by a new scheduler after a restart
        List<ReportScheduler.Delivery> again = scheduler(ReportSink.directory(reports)).runDue(now.plusSeconds(600));

        // then
        assertThat(again).isEmpty();
    }

    @Test
    void theWeeklyReportIsWrittenOnMondayAndTheMonthlyOnThe1st() {
        // given
        ReportScheduler scheduler = scheduler(ReportSink.directory(reports));
        scheduler.runDue(Instant.parse("2026-03-10T23:30:00Z"));

        // when Monday 16 March, then Wednesday 1 April
        List<ReportScheduler.Delivery> monday = scheduler.runDue(Instant.parse("2026-03-16T00:10:00Z"));
        List<ReportScheduler.Delivery> first = scheduler.runDue(Instant.parse("2026-03-31T22:10:00Z"));

        // then
        assertThat(monday).extracting(d -> d.period().label()).containsExactlyInAnyOrder("2026-03-15", "2026-W11");
        // (and the last complete week, W13, since no check ran after W11 was written)
        assertThat(first).extracting(d -> d.period().label())
                .containsExactlyInAnyOrder("2026-03-31", "2026-W13", "2026-03");
    }

    @Test
    void aFailingSinkIsRetriedAtTheNextCheckWithoutRepeatingTheOthers() {
        // given a sink that fails once
        List<String> received = new ArrayList<>();
        int[] calls = {0};
        ReportSink flaky = new ReportSink() {
            @Override
            public void deliver(SloReport report) throws IOException {
                if (calls[0]++ == 0) {
                    throw new IOException("connection refused");
                }
                received.add(report.period().label());
            }

            @Override
            public String name() {
                return "flaky";
            }
        };
        ReportScheduler scheduler = scheduler(ReportSink.directory(reports), flaky);
        Instant now = Instant.parse("2026-03-10T23:30:00Z");

        // when
        List<ReportScheduler.Delivery> first = scheduler.runDue(now);
        List<ReportScheduler.Delivery> second = scheduler.runDue(now.plus(Duration.ofMinutes(5)));

        // then
        assertThat(first).extracting(ReportScheduler.Delivery::sink, ReportScheduler.Delivery::error)
                .contains(org.assertj.core.groups.Tuple.tuple("flaky", "connection refused"));
        assertThat(second).singleElement().satisfies(d -> {
            assertThat(d.sink()).isEqualTo("flaky");
            assertThat(d.delivered()).isTrue();
        });
        assertThat(received).containsExactly("2026-03-10");
    }

    @Test
    void aSchedulerNeedsASink() {
        assertThatThrownBy(() -> ReportScheduler.builder(history).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no sink");
    }
}
