package io.smartspec.slo.micrometer;

import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.CronSchedule;
import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.monitor.SloMonitor;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Maintenance windows over the in-process source: the events of a window that has closed are the
 * difference of the counts the source kept at its edges.
 *
 * <p>The traffic, counted by hand: a round every 5 minutes, and before each round (at t) 10 requests and
 * the errors of (t - 5m, t]: 2 a round on Sundays 02:00-04:00 (inside the weekly window), 1 a round on
 * Saturdays 12:00-13:00 and on Mondays 11:00-12:00. 2026-03-01 is a Sunday.
 */
class MicrometerMaintenanceTest {

    static final Instant FRIDAY = Instant.parse("2026-02-27T00:00:00Z");
    static final Instant SUNDAY_2AM = Instant.parse("2026-03-01T02:00:00Z");
    static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
    static final Instant NEXT_MONDAY_NOON = Instant.parse("2026-03-09T12:00:00Z");
    static final Duration ROUND = Duration.ofMinutes(5);

    static final MaintenanceCalendar WEEKLY = MaintenanceCalendar.create().add("shop", MaintenanceWindow.every(
            CronSchedule.parse("0 2 * * SUN"), Duration.ofHours(2), ZoneId.of("UTC"), "weekly database upkeep"));

    static Slo availability(Duration period) {
        return Slo.named("availability").ratio(bad("shop.errors"), total("shop.requests")).target(percent(99))
                .over(period).build();
    }

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Counter requests = registry.counter("shop.requests");
    final Counter errors = registry.counter("shop.errors");

    /** The traffic of the round at {@code t}: what happened in (t - 5m, t]. */
    void traffic(Instant t) {
        traffic(t, ROUND);
    }

    /** The traffic of a round of {@code step} at {@code t}: 10 requests, and errors as the round's start lies. */
    void traffic(Instant t, Duration step) {
        requests.increment(10);
        ZonedDateTime end = t.atZone(ZoneOffset.UTC);
        ZonedDateTime start = end.minus(step);
        errors.increment(2 * within(start, DayOfWeek.SUNDAY, 2, 4) + within(start, DayOfWeek.SATURDAY, 12, 13)
                + within(start, DayOfWeek.MONDAY, 11, 12));
    }

    /** 1 when a round that began at {@code start} lies in [from:00, to:00) of that day of week. */
    static int within(ZonedDateTime start, DayOfWeek day, int from, int to) {
        return start.getDayOfWeek() == day && start.getHour() >= from && start.getHour() < to ? 1 : 0;
    }

    /** Rounds every 5 minutes in (from, to]: the traffic, then each evaluator at that instant. */
    void rounds(Instant from, Instant to, MicrometerSource source, Slo slo, SloEvaluator... evaluators) {
        rounds(from, to, ROUND, source, slo, evaluators);
    }

    void rounds(Instant from, Instant to, Duration step, MicrometerSource source, Slo slo, SloEvaluator... evaluators) {
        for (Instant t = from.plus(step); !t.isAfter(to); t = t.plus(step)) {
            traffic(t, step);
            for (SloEvaluator e : evaluators) {
                e.evaluate("shop", slo, source, t);
            }
        }
    }

    @Test
    void aWeeklyWindowThatEndedYesterdayIsLeftOutExactly() {
        // given a process counting since Friday and evaluated every round, with and without the window
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(FRIDAY).build();
        Slo slo = availability(Duration.ofDays(7));
        SloEvaluator plain = SloEvaluator.withDefaults();
        SloEvaluator maintained = SloEvaluator.withDefaults().excluding(WEEKLY);
        rounds(FRIDAY, MONDAY_NOON, source, slo, plain, maintained);

        // when both judge Monday noon, the window (Sunday 02:00-04:00) having ended yesterday
        ErrorBudget without = plain.evaluate("shop", slo, source, MONDAY_NOON).errorBudget().orElseThrow();
        SloResult with = maintained.evaluate("shop", slo, source, MONDAY_NOON);

        // then without it: 84h of rounds = 1008 x 10 requests; 48 errors on Sunday, 12 Saturday, 12 Monday
        assertThat(without.totalEvents()).isEqualTo(10080);
        assertThat(without.badEvents()).isEqualTo(72);
        // and with it: the window's 24 rounds (240 requests, 48 errors) are left out, nothing else
        ErrorBudget b = with.errorBudget().orElseThrow();
        assertThat(b.totalEvents()).isEqualTo(9840);
        assertThat(b.badEvents()).isEqualTo(24);
        assertThat(b.remaining()).isCloseTo(1 - (24.0 / 9840) / 0.01, org.assertj.core.api.Assertions.within(1e-9));
        // (Monday's last hour, 12 errors in 120 requests, burns the budget 10x: a ticket, not the window)
        assertThat(with.status()).isEqualTo(Status.AT_RISK);
        assertThat(with.detail()).contains("2h of maintenance left out of the 7d");
    }

    @Test
    void withRoundsOffTheEdgesTheRoundsAroundThemCountAsMaintenance() {
        // given rounds at hh:02, hh:07, ...: the edges 02:00 and 04:00 fall between rounds
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(FRIDAY).build();
        Slo slo = availability(Duration.ofDays(7));
        SloEvaluator maintained = SloEvaluator.withDefaults().excluding(WEEKLY);
        Instant first = FRIDAY.plus(Duration.ofMinutes(2)).minus(ROUND);
        Instant last = MONDAY_NOON.plus(Duration.ofMinutes(2));
        rounds(first, last, source, slo, maintained);

        // when judged at the last round
        ErrorBudget b = maintained.evaluate("shop", slo, source, last).errorBudget().orElseThrow();

        // then 1009 rounds counted 10090 requests and 72 errors; what is left out runs from the round before
        // 02:00 (01:57) to the round after 04:00 (04:02): 25 rounds, 250 requests, the 48 errors of the window
        assertThat(b.totalEvents()).isEqualTo(10090 - 250);
        assertThat(b.badEvents()).isEqualTo(72 - 48);
    }

    @Test
    void longerRoundsAroundAnEdgeStillCountAsItsRounds() {
        // given rounds every 10 minutes at hh:04, hh:14, ...: the rounds around 02:00 are 01:54 and 02:04
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(FRIDAY).build();
        Slo slo = availability(Duration.ofDays(7));
        SloEvaluator maintained = SloEvaluator.withDefaults().excluding(WEEKLY);
        Duration step = Duration.ofMinutes(10);
        Instant last = MONDAY_NOON.plus(Duration.ofMinutes(4));
        rounds(FRIDAY.plus(Duration.ofMinutes(4)).minus(step), last, step, source, slo, maintained);

        // when judged at the last round
        ErrorBudget b = maintained.evaluate("shop", slo, source, last).errorBudget().orElseThrow();

        // then 505 rounds counted 5050 requests; errors: the 12 rounds starting 02:04..03:54 on Sunday (24), 6
        // on Saturday, 6 on Monday; left out: from the round before 02:00 (01:54) to the one after 04:00
        // (04:04), 13 rounds, 130 requests, the window's 24 errors
        assertThat(b.totalEvents()).isEqualTo(5050 - 130);
        assertThat(b.badEvents()).isEqualTo(36 - 24);
    }

    @Test
    void aProcessRestartedDuringTheWindowLeavesOutWhatItCountedInsideIt() {
        // given a process (a new registry) that started at 03:00, inside the window
        Instant restart = SUNDAY_2AM.plus(Duration.ofHours(1));
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(restart).build();
        Slo slo = availability(Duration.ofDays(7));
        SloEvaluator maintained = SloEvaluator.withDefaults().excluding(WEEKLY);
        rounds(restart, MONDAY_NOON, source, slo, maintained);

        // when judged Monday noon
        ErrorBudget b = maintained.evaluate("shop", slo, source, MONDAY_NOON).errorBudget().orElseThrow();

        // then 33h = 396 rounds counted 3960 requests and 24 + 12 errors; the 12 rounds of 03:00-04:00 (120
        // requests, 24 errors) are left out: nothing was counted before the process started
        assertThat(b.totalEvents()).isEqualTo(3960 - 120);
        assertThat(b.badEvents()).isEqualTo(12);
    }

    @Test
    void aProcessStartedAfterTheWindowCountedNothingInsideIt() {
        // given a process that started at 05:00, after the window
        Instant start = SUNDAY_2AM.plus(Duration.ofHours(3));
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(start).build();
        Slo slo = availability(Duration.ofDays(7));
        SloEvaluator maintained = SloEvaluator.withDefaults().excluding(WEEKLY);
        rounds(start, MONDAY_NOON, source, slo, maintained);

        // when judged Monday noon
        SloResult r = maintained.evaluate("shop", slo, source, MONDAY_NOON);

        // then it is judged on the 31h = 372 rounds it counted (3720 requests, 12 errors), none left out
        ErrorBudget b = r.errorBudget().orElseThrow();
        assertThat(b.totalEvents()).isEqualTo(3720);
        assertThat(b.badEvents()).isEqualTo(12);
        assertThat(r.detail()).contains("2h of maintenance left out of the 7d");
    }

    @Test
    void aWindowWhoseEdgesTheSourceNoLongerHoldsIsAnErrorSayingWhy() {
        // given 10.5 days of rounds evaluated without the calendar: the source never kept the edges
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(FRIDAY).build();
        Slo slo = availability(Duration.ofDays(30));
        rounds(FRIDAY, NEXT_MONDAY_NOON, source, slo, SloEvaluator.withDefaults());

        // when the window of 8 days ago is to be left out
        SloResult r = SloEvaluator.withDefaults().excluding(WEEKLY).evaluate("shop", slo, source, NEXT_MONDAY_NOON);

        // then the ring keeps 6-hourly counts that far back, with requests between them: unknown, and said so
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.detail()).contains("inside the maintenance 2026-03-01T02:00:00Z..2026-03-01T04:00:00Z are unknown")
                .contains("6h apart");
    }

    @Test
    void aMonitorOverTheInProcessSourceLeavesOutEveryClosedWindowOfItsPeriod() {
        // given a monitor with the weekly window, over the registry, run every 5 minutes for 10.5 days
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(FRIDAY).build();
        MovableClock clock = new MovableClock(FRIDAY);
        SloMonitor monitor = SloMonitor.builder()
                .slos(SloSet.of("shop", List.of(availability(Duration.ofDays(30)))), source)
                .clock(clock).maintenance(WEEKLY).build();
        SloResult last = null;
        for (Instant t = FRIDAY.plus(ROUND); !t.isAfter(NEXT_MONDAY_NOON); t = t.plus(ROUND)) {
            traffic(t);
            clock.now = t;
            last = monitor.runOnce().results().get(0);
        }
        monitor.close();

        // then 252h = 3024 rounds counted 30240 requests and 144 errors (48 each Sunday, 12 each Saturday and
        // Monday); the two Sunday windows (480 requests, 96 errors) are left out, the older one 8 days ago; the
        // three of the 30 days before the process started held none of its events
        ErrorBudget b = last.errorBudget().orElseThrow();
        assertThat(b.totalEvents()).isEqualTo(30240 - 480);
        assertThat(b.badEvents()).isEqualTo(144 - 96);
        assertThat(last.detail()).contains("10h of maintenance left out of the 30d");
    }

    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

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
}
