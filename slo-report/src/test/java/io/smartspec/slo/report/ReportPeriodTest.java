package io.smartspec.slo.report;

import io.smartspec.slo.history.SloInfo;
import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.Priority;
import io.smartspec.slo.evaluation.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportPeriodTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void theDayClocksGoForwardHas23HoursAndTheDayTheyGoBackHas25() {
        // when
        ReportPeriod spring = ReportPeriod.day(LocalDate.of(2026, 3, 29), BERLIN);
        ReportPeriod autumn = ReportPeriod.day(LocalDate.of(2026, 10, 25), BERLIN);

        // then
        assertThat(spring.from()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
        assertThat(spring.to()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(spring.length()).isEqualTo(Duration.ofHours(23));
        assertThat(autumn.length()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void aDailyReportOnADstDayHasOneAppendixRowPerLocalHour(@TempDir Path dir) {
        // given one round per hour through the autumn DST change
        SloHistory history = SloHistory.in(dir);
        ReportPeriod autumn = ReportPeriod.day(LocalDate.of(2026, 10, 25), BERLIN);
        SloInfo info = new SloInfo("p99", io.smartspec.slo.Objective.parse("< 200 ms"), Priority.P2, Optional.empty(),
                false);
        for (Instant t = autumn.from().minus(Duration.ofHours(2)); t.isBefore(autumn.to().plus(Duration.ofHours(2)));
             t = t.plus(Duration.ofHours(1))) {
            history.append("svc", t, List.of(info), List.of(HistorySample.round("p99", t, Status.MET, 100, Double.NaN)));
        }

        // when
        SloReport report = SloReport.forSpec("svc").over(autumn).from(history).build();

        // then 25 rounds in the period, one per local hour, and 02:00 appears twice (+02:00 then +01:00)
        SloReport.SloSection p99 = report.slo("p99").orElseThrow();
        assertThat(p99.rounds()).isEqualTo(25);
        assertThat(p99.appendix()).hasSize(25).allSatisfy(row -> assertThat(row.rounds()).isEqualTo(1));
        assertThat(p99.appendix()).extracting(SloReport.AppendixRow::label)
                .contains("2026-10-25 02:00 +02:00", "2026-10-25 02:00 +01:00");
    }

    @Test
    void theSameDayStartsAtEachZonesOwnMidnight() {
        // when
        ReportPeriod ny = ReportPeriod.day(LocalDate.of(2026, 1, 15), NEW_YORK);
        ReportPeriod tokyo = ReportPeriod.day(LocalDate.of(2026, 1, 15), TOKYO);

        // then
        assertThat(ny.from()).isEqualTo(Instant.parse("2026-01-15T05:00:00Z"));
        assertThat(tokyo.from()).isEqualTo(Instant.parse("2026-01-14T15:00:00Z"));
        assertThat(tokyo.contains(Instant.parse("2026-01-15T14:59:59Z"))).isTrue();
        assertThat(tokyo.contains(Instant.parse("2026-01-15T15:00:00Z"))).isFalse();
    }

    @Test
    void aMonthRunsFromLocalMidnightOfThe1stAcrossTheDstChange() {
        // when
        ReportPeriod march = ReportPeriod.month(YearMonth.of(2026, 3), BERLIN);

        // then
        assertThat(march.from()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(march.to()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        assertThat(march.length()).isEqualTo(Duration.ofDays(31).minusHours(1));
        assertThat(march.label()).isEqualTo("2026-03");
        assertThat(march.previous().label()).isEqualTo("2026-02");
        assertThat(march.previous().to()).isEqualTo(march.from());
    }

    @Test
    void isoWeeksStartOnMondayAndBelongToTheirWeekBasedYear() {
        // when Thursday 1 January 2026 is in week 1, which starts on Monday 29 December 2025
        ReportPeriod w1 = ReportPeriod.isoWeek(LocalDate.of(2026, 1, 1), NEW_YORK);

        // then
        assertThat(w1.label()).isEqualTo("2026-W01");
        assertThat(w1.from()).isEqualTo(Instant.parse("2025-12-29T05:00:00Z"));
        assertThat(w1.length()).isEqualTo(Duration.ofDays(7));
        assertThat(ReportPeriod.isoWeek(2026, 1, NEW_YORK)).isEqualTo(w1);
        assertThat(w1.previous().label()).isEqualTo("2025-W52");
    }

    @Test
    void theLastCompletePeriodIsYesterdayLastWeekAndLastMonthInTheZone() {
        // given 00:30 on Monday 1 June 2026 in Berlin, still 31 May in UTC
        Instant now = Instant.parse("2026-05-31T22:30:00Z");

        // then
        assertThat(ReportPeriod.lastComplete(ReportPeriod.Kind.DAILY, BERLIN, now).label()).isEqualTo("2026-05-31");
        assertThat(ReportPeriod.lastComplete(ReportPeriod.Kind.WEEKLY, BERLIN, now).label()).isEqualTo("2026-W22");
        assertThat(ReportPeriod.lastComplete(ReportPeriod.Kind.MONTHLY, BERLIN, now).label()).isEqualTo("2026-05");
        assertThat(ReportPeriod.lastComplete(ReportPeriod.Kind.MONTHLY, ZoneId.of("UTC"), now).label())
                .isEqualTo("2026-04");
    }

    @Test
    void parsesWhatTheCommandLineGives() {
        // given
        Instant now = Instant.parse("2026-04-02T12:00:00Z");

        // then
        assertThat(ReportPeriod.parse("monthly", BERLIN, now).label()).isEqualTo("2026-03");
        assertThat(ReportPeriod.parse("2026-W13", BERLIN, now).kind()).isEqualTo(ReportPeriod.Kind.WEEKLY);
        assertThat(ReportPeriod.parse("2026-03-29", BERLIN, now).length()).isEqualTo(Duration.ofHours(23));
        ReportPeriod custom = ReportPeriod.parse("2026-03-01..2026-03-15", BERLIN, now);
        assertThat(custom.kind()).isEqualTo(ReportPeriod.Kind.CUSTOM);
        assertThat(custom.to()).isEqualTo(Instant.parse("2026-03-15T23:00:00Z"));
        assertThat(custom.previous().to()).isEqualTo(custom.from());
        assertThatThrownBy(() -> ReportPeriod.parse("last-tuesday", BERLIN, now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'last-tuesday'")
                .hasMessageContaining("daily, weekly, monthly");
    }
}
