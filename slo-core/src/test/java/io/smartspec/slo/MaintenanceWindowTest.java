package io.smartspec.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final MaintenanceWindow.Recurring sundays = MaintenanceWindow.every(CronSchedule.parse("0 2 * * SUN"),
            Duration.ofHours(2), BERLIN, "weekly upkeep");

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    private List<MaintenanceWindow.Span> sunday(String date) {
        return sundays.spans(t(date + "T00:00:00Z").minus(Duration.ofHours(6)), t(date + "T12:00:00Z"));
    }

    private static MaintenanceWindow.Span span(String from, String to) {
        return new MaintenanceWindow.Span(t(from), t(to));
    }

    @Test
    void aWeeklyWindowInBerlinFollowsTheWallClockAcrossBothChangesOfTheClocks() {
        // a winter Sunday: 02:00-04:00 CET is 01:00-03:00 UTC
        assertThat(sunday("2026-03-22")).containsExactly(span("2026-03-22T01:00:00Z", "2026-03-22T03:00:00Z"));
        // 29 March 2026: at 01:00 UTC the clocks jump from 02:00 CET to 03:00 CEST; 02:00-04:00 on the wall
        // clock is then the single real hour from 03:00 to 04:00 CEST
        assertThat(sunday("2026-03-29")).containsExactly(span("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"));
        // a summer Sunday: 02:00-04:00 CEST is 00:00-02:00 UTC
        assertThat(sunday("2026-04-05")).containsExactly(span("2026-04-05T00:00:00Z", "2026-04-05T02:00:00Z"));
        // 25 October 2026: at 01:00 UTC the clocks fall back from 03:00 CEST to 02:00 CET; the wall clock reads
        // 02:00-04:00 from 00:00 UTC (02:00 CEST) to 03:00 UTC (04:00 CET): three real hours
        assertThat(sunday("2026-10-25")).containsExactly(span("2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z"));
    }

    @Test
    void isActiveAtAgreesWithTheSpansMinuteByMinuteOverAYearInBerlin() {
        Instant from = t("2026-01-01T00:00:00Z");
        Instant to = t("2027-01-01T00:00:00Z");
        List<MaintenanceWindow.Span> spans = sundays.spans(from, to);
        assertThat(spans).hasSize(52); // 2026 starts on a Thursday: 52 Sundays
        long activeMinutes = 0;
        for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
            Instant at = m;
            boolean inSpan = spans.stream().anyMatch(s -> !at.isBefore(s.from()) && at.isBefore(s.to()));
            assertThat(sundays.isActiveAt(at)).as("at %s", at).isEqualTo(inSpan);
            activeMinutes += inSpan ? 1 : 0;
        }
        // 52 Sundays of 2h, less the hour lost in March, plus the hour gained in October
        assertThat(activeMinutes).isEqualTo(52 * 120);
    }

    @Test
    void anExplicitWindowIsClippedToTheQuestion() {
        MaintenanceWindow w = MaintenanceWindow.between(t("2026-03-01T22:00:00Z"), t("2026-03-02T01:00:00Z"), "x");
        assertThat(w.spans(t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z")))
                .containsExactly(span("2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z"));
        assertThat(w.isActiveAt(t("2026-03-02T01:00:00Z"))).isFalse();
        assertThat(w.isActiveAt(t("2026-03-01T22:00:00Z"))).isTrue();
    }

    @Test
    void cronReadsTheWeeklySubsetAndSaysWhatIsWrong() {
        assertThat(CronSchedule.parse("30 1 * * MON-FRI").weeklyStarts()).containsExactly(
                5400, 86_400 + 5400, 2 * 86_400 + 5400, 3 * 86_400 + 5400, 4 * 86_400 + 5400);
        assertThat(CronSchedule.parse("0 0,12 * * 0").weeklyStarts()).containsExactly(6 * 86_400, 6 * 86_400 + 43_200);
        assertThat(CronSchedule.parse("0 8-18/5 * * 7").weeklyStarts()).containsExactly(
                6 * 86_400 + 8 * 3600, 6 * 86_400 + 13 * 3600, 6 * 86_400 + 18 * 3600);
        assertThatThrownBy(() -> CronSchedule.parse("0 25 * * SUN")).hasMessage(
                "hour '25' is not understood; expected 0-23, a range a-b, a list a,b, '*' or a step */n");
        assertThatThrownBy(() -> CronSchedule.parse("0 2 1 * *")).hasMessageContaining("day-of-month '1' is not "
                + "supported (only '*'); a window on a date is an explicit from/to");
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * *")).hasMessageContaining("has 4 field(s)");
        assertThatThrownBy(() -> CronSchedule.parse("* * * * *")).hasMessageContaining("starts 10080 times a week");
    }
}
