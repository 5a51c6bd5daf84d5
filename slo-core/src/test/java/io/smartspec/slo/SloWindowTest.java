package io.smartspec.slo;

import static io.smartspec.slo.Quantity.millis;
import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.SloWindow.calendarMonth;
import static io.smartspec.slo.SloWindow.calendarQuarter;
import static io.smartspec.slo.SloWindow.calendarWeek;
import static io.smartspec.slo.Windows.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Calendar periods computed by hand: DST changes in Europe/Berlin and a leap day. */
class SloWindowTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void marchInBerlinIsOneHourShortBecauseTheClocksGoForwardOnThe29th() {
        // given an instant just after the change (03:30 CEST on 2026-03-29 is 01:30 UTC)
        Instant at = Instant.parse("2026-03-29T01:30:00Z");

        // when
        SloWindow.Interval march = calendarMonth(BERLIN).periodAt(at);

        // then midnight of 1 March CET is 23:00 UTC the day before, midnight of 1 April CEST is 22:00 UTC
        assertThat(march.start()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(march.end()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        assertThat(march.length()).isEqualTo(Duration.ofHours(31 * 24 - 1));
        assertThat(calendarMonth(BERLIN).elapsedAt(at)).isEqualTo(Duration.ofDays(28).plusHours(2).plusMinutes(30));
    }

    @Test
    void octoberInBerlinIsOneHourLongBecauseTheClocksGoBackOnThe25th() {
        // when
        SloWindow.Interval october = calendarMonth(BERLIN).periodAt(Instant.parse("2026-10-25T01:30:00Z"));

        // then
        assertThat(october.start()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
        assertThat(october.end()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(october.length()).isEqualTo(Duration.ofHours(31 * 24 + 1));
    }

    @Test
    void theWeekOfAChangeOfClocksRunsMondayToMondayInLocalTime() {
        // given Sunday 2026-03-29, the day of the change
        SloWindow.Interval week = calendarWeek(BERLIN).periodAt(Instant.parse("2026-03-29T12:00:00Z"));

        // then from Monday 23 March 00:00 CET to Monday 30 March 00:00 CEST: 167 hours
        assertThat(week.start()).isEqualTo(Instant.parse("2026-03-22T23:00:00Z"));
        assertThat(week.end()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(week.length()).isEqualTo(Duration.ofHours(167));
    }

    @Test
    void aPeriodStartsAfreshAtItsBoundary() {
        // given the first instant of November in Berlin (00:00 CET is 23:00 UTC)
        Instant boundary = Instant.parse("2026-10-31T23:00:00Z");

        // then the period is November, with nothing elapsed; a second earlier it was the last of October
        assertThat(calendarMonth(BERLIN).periodAt(boundary).start()).isEqualTo(boundary);
        assertThat(calendarMonth(BERLIN).elapsedAt(boundary)).isEqualTo(Duration.ZERO);
        assertThat(calendarMonth(BERLIN).periodAt(boundary.minusSeconds(1)).end()).isEqualTo(boundary);
        assertThat(calendarMonth(BERLIN).describeAt(boundary))
                .isEqualTo("calendar month (Europe/Berlin), since 2026-11-01");
    }

    @Test
    void februaryOfALeapYearHas29Days() {
        // given the leap day 2028-02-29, noon UTC
        Instant leapDay = Instant.parse("2028-02-29T12:00:00Z");

        // then
        SloWindow month = calendarMonth(ZoneOffset.UTC);
        assertThat(month.periodAt(leapDay).start()).isEqualTo(Instant.parse("2028-02-01T00:00:00Z"));
        assertThat(month.lengthAt(leapDay)).isEqualTo(Duration.ofDays(29));
        assertThat(month.elapsedAt(leapDay)).isEqualTo(Duration.ofDays(28).plusHours(12));
        assertThat(calendarQuarter(ZoneOffset.UTC).lengthAt(leapDay)).isEqualTo(Duration.ofDays(31 + 29 + 31));
        // and the next day is March
        assertThat(month.periodAt(Instant.parse("2028-03-01T00:00:00Z")).start())
                .isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
    }

    @Test
    void theFourthQuarterInBerlinHas92DaysAndTheHourGivenBackInOctober() {
        SloWindow.Interval q4 = calendarQuarter(BERLIN).periodAt(Instant.parse("2026-12-31T12:00:00Z"));

        assertThat(q4.start()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
        assertThat(q4.end()).isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
        assertThat(q4.length()).isEqualTo(Duration.ofDays(92).plusHours(1));
    }

    @Test
    void aRollingWindowIsTheLastLengthBeforeEachInstant() {
        Instant at = Instant.parse("2026-03-29T01:30:00Z");
        SloWindow rolling = SloWindow.rolling(Duration.ofDays(30));

        assertThat(rolling.periodAt(at).start()).isEqualTo(Instant.parse("2026-02-27T01:30:00Z"));
        assertThat(rolling.elapsedAt(at)).isEqualTo(Duration.ofDays(30));
        assertThat(rolling.describe()).isEqualTo("30d");
    }

    @Test
    void windowsAreReadAsWrittenInSpecs() {
        assertThat(SloWindow.parse("30d", BERLIN)).isEqualTo(SloWindow.rolling(Duration.ofDays(30)));
        assertThat(SloWindow.parse("calendar month", BERLIN)).isEqualTo(calendarMonth(BERLIN));
        assertThat(SloWindow.parse("Calendar Week", ZoneOffset.UTC)).isEqualTo(calendarWeek(ZoneOffset.UTC));
        assertThat(SloWindow.parse("calendar quarter (Europe/Berlin)", ZoneOffset.UTC))
                .isEqualTo(calendarQuarter(BERLIN));
        // what describe() writes is read back as the same window
        assertThat(SloWindow.parse(calendarMonth(BERLIN).describe(), ZoneOffset.UTC)).isEqualTo(calendarMonth(BERLIN));
        assertThat(SloWindow.parse(calendarMonth(ZoneOffset.UTC).describe(), BERLIN))
                .isEqualTo(calendarMonth(ZoneOffset.UTC));
    }

    @Test
    void aBadWindowSaysWhatIsAccepted() {
        assertThatThrownBy(() -> SloWindow.parse("calendar fortnight", BERLIN)).hasMessage(
                "window 'calendar fortnight' is not valid: 'fortnight' is not a calendar period; expected calendar "
                        + "day, calendar week, calendar month, calendar quarter or calendar year");
        assertThatThrownBy(() -> SloWindow.parse("monthly", BERLIN)).hasMessage(
                "window 'monthly' is not valid; expected " + SloWindow.ACCEPTED);
        assertThatThrownBy(() -> SloWindow.parse("calendar month (Mars/Olympus)", BERLIN)).hasMessage(
                "window 'calendar month (Mars/Olympus)' is not valid: time zone 'Mars/Olympus' is unknown; expected "
                        + "a region such as Europe/Berlin or UTC");
    }

    @Test
    void aThresholdInTimeSlicesHasTheShareOfGoodSlicesAsItsObjective() {
        // when
        Slo slo = Slo.named("checkout-p99").metric("api_latency_p99").below(millis(200))
                .timeslices(minutes(1)).target(percent(99)).over(calendarMonth(BERLIN)).build();

        // then
        assertThat(slo.objective()).isEqualTo(Objective.atLeast(percent(99)));
        assertThat(slo.budgeting()).isEqualTo(new Budgeting.Timeslices(minutes(1),
                Objective.of(Operator.LESS_THAN, millis(200))));
        assertThat(slo.hasErrorBudget()).isTrue();
        assertThat(slo).hasToString("checkout-p99: >= 99 % of 1m slices with api_latency_p99 < 200 ms over "
                + "calendar month (Europe/Berlin) (P2)");
        // the same SLO from the budgeting value, as OpenSLO gives it
        assertThat(Slo.named("checkout-p99").metric("api_latency_p99").budgeting(slo.budgeting())
                .target(percent(99)).over(calendarMonth(BERLIN)).build()).isEqualTo(slo);
    }

    @Test
    void aRatioInTimeSlicesJudgesEachSliceByItsOwnTarget() {
        Slo slo = Slo.named("availability").ratio(Slo.good("ok"), Slo.total("all")).target(percent(99))
                .timeslices(minutes(5), percent(95)).build();

        assertThat(slo.objective()).isEqualTo(Objective.atLeast(percent(99)));
        assertThat(slo.budgeting()).isEqualTo(new Budgeting.Timeslices(minutes(5), Objective.atLeast(percent(95))));
        assertThat(slo.minEvents()).isZero();
    }

    @Test
    void timeSlicesWithoutWhatTheyNeedAreProblemsListedAtOnce() {
        SloValidationException threshold = catchThrowableOfType(SloValidationException.class, () -> Slo.named("p99")
                .metric("api_latency_p99").below(millis(200)).timeslices(Duration.ofMillis(1500)).build());
        SloValidationException ratio = catchThrowableOfType(SloValidationException.class, () -> Slo.named("a")
                .ratio(Slo.good("ok"), Slo.total("all")).target(percent(99)).timeslices(minutes(5)).build());

        assertThat(threshold.problems()).extracting(Problem::toString).containsExactly(
                "slo 'p99': time slice: PT1.5S must be a positive whole number of seconds, e.g. minutes(1)",
                "slo 'p99': target: missing; the share of good time slices, e.g. target(percent(99))");
        assertThat(ratio.problems()).extracting(Problem::toString).containsExactly(
                "slo 'a': time slice: a ratio SLO's slice needs its own target, e.g. timeslices(minutes(5), "
                        + "percent(95)), or ratioTimeslices(5m) for the mean of the slices' ratios");
    }
}
