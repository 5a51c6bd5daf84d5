package io.smartspec.slo.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartspec.slo.CronSchedule;
import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.history.GeneratedHistory;
import io.smartspec.slo.history.SloHistory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report shows the maintenance windows of its period and the time they left out. */
class MaintenanceReportTest {

    @TempDir
    Path dir;

    @Test
    void theReportListsEachWindowWithTimeInThePeriodAndTheTimeItLeftOut() {
        // given a day of history, a migration from 22:00 the day before to 01:30, and Sunday upkeep in Berlin
        Instant start = Instant.parse("2026-03-29T00:00:00Z"); // a Sunday: the clocks spring forward in Berlin
        SloHistory history = SloHistory.in(dir);
        GeneratedHistory.quietDay(history, start);
        MaintenanceCalendar calendar = MaintenanceCalendar.create()
                .add("checkout", MaintenanceWindow.between(start.minus(Duration.ofHours(2)),
                        start.plus(Duration.ofMinutes(90)), "database migration"))
                .add("checkout", MaintenanceWindow.every(CronSchedule.parse("0 2 * * SUN"), Duration.ofHours(2),
                        ZoneId.of("Europe/Berlin"), "weekly upkeep").forSlos(Set.of("availability")))
                .add("checkout", MaintenanceWindow.between(start.plus(Duration.ofDays(3)),
                        start.plus(Duration.ofDays(4)), "next week"))
                .add("other", MaintenanceWindow.between(start, start.plus(Duration.ofHours(1)), "not this spec"));

        // when
        SloReport report = SloReport.forSpec("checkout").over(ReportPeriod.day(LocalDate.of(2026, 3, 29),
                ZoneOffset.UTC)).from(history).maintenance(calendar)
                .clock(Clock.fixed(Instant.parse("2026-03-30T00:05:00Z"), ZoneOffset.UTC)).build();

        // then the migration's 90 minutes in the period, and the upkeep's one hour (02:00 CET is 03:00 CEST)
        assertThat(report.maintenance()).extracting(SloReport.Maintenance::reason, SloReport.Maintenance::excluded)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("database migration", Duration.ofMinutes(90)),
                        org.assertj.core.groups.Tuple.tuple("weekly upkeep", Duration.ofHours(1)));
        String md = ReportFormat.MARKDOWN.render(report);
        assertThat(md).contains("## Maintenance")
                .contains("| database migration | all | once | 2026-03-29 00:00 +00:00 to 2026-03-29 01:30 +00:00 | 1h 30m |")
                .contains("| weekly upkeep | availability | '0 2 * * SUN' for 2h in Europe/Berlin | "
                        + "2026-03-29 01:00 +00:00 to 2026-03-29 02:00 +00:00 | 1h |");
        assertThat(ReportFormat.JSON.render(report)).contains("\"excludedSeconds\" : 5400");
        assertThat(ReportFormat.HTML.render(report)).contains("<h2>Maintenance</h2>");
    }

    @Test
    void aReportWithoutWindowsHasNoMaintenanceSection() {
        SloHistory history = SloHistory.in(dir);
        GeneratedHistory.quietDay(history, Instant.parse("2026-03-10T00:00:00Z"));
        SloReport report = SloReport.forSpec("checkout").over(ReportPeriod.day(LocalDate.of(2026, 3, 10),
                ZoneOffset.UTC)).from(history).maintenance(MaintenanceCalendar.create()).build();
        assertThat(ReportFormat.MARKDOWN.render(report)).doesNotContain("Maintenance");
    }
}
