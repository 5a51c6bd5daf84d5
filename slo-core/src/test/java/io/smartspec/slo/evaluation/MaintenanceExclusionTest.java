package io.smartspec.slo.evaluation;

import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A day of traffic, 2 requests a minute (2880 in all), with a burst of 60 errors between 10:00 and 10:30
 * and 12 more between 15:00 and 15:06. Counted by hand: without maintenance, 72 bad of 2880; with the burst
 * inside a maintenance window, 12 bad of 2820.
 */
class MaintenanceExclusionTest {

    static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
    static final Instant END = DAY.plus(Duration.ofDays(1));
    static final Slo AVAILABILITY = Slo.named("availability").ratio(good("good[{{window}}]"), total("total[{{window}}]"))
            .target(percent(99)).over(Duration.ofDays(1)).build();

    /** Counts the events of (at - window, at], stamped at hh:mm:30; answers for past instants too. */
    static class DayOfTraffic implements MetricSource {
        @Override
        public String name() {
            return "traffic";
        }

        @Override
        public boolean supportsPastInstants() {
            return true;
        }

        @Override
        public Measurement query(MetricQuery q) {
            Instant from = q.at().minus(q.window().orElseThrow());
            double count = 0;
            for (Instant m = DAY.plusSeconds(30); m.isBefore(END); m = m.plusSeconds(60)) {
                if (m.isAfter(from) && !m.isAfter(q.at())) {
                    count += q.query().startsWith("good") ? 2 - bad(m) : 2;
                }
            }
            return Measurement.of(Quantity.number(count));
        }

        static int bad(Instant m) {
            long minute = Duration.between(DAY, m).toMinutes();
            boolean burst = minute >= 600 && minute < 630;   // 10:00-10:30: 60 errors
            boolean later = minute >= 900 && minute < 906;   // 15:00-15:06: 12 errors
            return burst || later ? 2 : 0;
        }
    }

    @Test
    void withoutMaintenanceTheBurstSpendsTheBudgetAndMore() {
        SloResult r = SloEvaluator.withDefaults().evaluate("shop", AVAILABILITY, new DayOfTraffic(), END);

        ErrorBudget b = r.errorBudget().orElseThrow();
        assertThat(b.totalEvents()).isEqualTo(2880);
        assertThat(b.badEvents()).isEqualTo(72);
        assertThat(b.sli()).isCloseTo(1 - 72.0 / 2880, within(1e-12));        // 97.5%
        assertThat(b.remaining()).isCloseTo(1 - (72.0 / 2880) / 0.01, within(1e-9)); // -1.5
        assertThat(r.status()).isEqualTo(Status.BREACHED);
    }

    @Test
    void aMaintenanceWindowLeavesTheBurstOutOfTheSliAndTheBudget() {
        MaintenanceCalendar calendar = MaintenanceCalendar.create().add("shop", MaintenanceWindow.between(
                DAY.plus(Duration.ofHours(10)), DAY.plus(Duration.ofMinutes(630)), "database migration"));

        SloResult r = SloEvaluator.withDefaults().excluding(calendar).evaluate("shop", AVAILABILITY,
                new DayOfTraffic(), END);

        ErrorBudget b = r.errorBudget().orElseThrow();
        assertThat(b.totalEvents()).isEqualTo(2820);
        assertThat(b.badEvents()).isEqualTo(12);
        assertThat(b.sli()).isCloseTo(1 - 12.0 / 2820, within(1e-12));           // 99.574%
        assertThat(b.remaining()).isCloseTo(1 - (12.0 / 2820) / 0.01, within(1e-9)); // 0.5745
        assertThat(r.status()).isEqualTo(Status.MET);
        assertThat(r.detail()).contains("30m of maintenance left out of the 1d");
    }

    @Test
    void aWindowForAnotherSloOrSpecLeavesNothingOut() {
        MaintenanceWindow burst = MaintenanceWindow.between(DAY.plus(Duration.ofHours(10)),
                DAY.plus(Duration.ofMinutes(630)), "x");
        MaintenanceCalendar calendar = MaintenanceCalendar.create()
                .add("other-spec", burst)
                .add("shop", ((MaintenanceWindow.Explicit) burst).forSlos(java.util.Set.of("latency")));

        SloResult r = SloEvaluator.withDefaults().excluding(calendar).evaluate("shop", AVAILABILITY,
                new DayOfTraffic(), END);

        assertThat(r.errorBudget().orElseThrow().badEvents()).isEqualTo(72);
    }

    @Test
    void theBurnRateWindowsLeaveTheMaintenanceOutToo() {
        // at 10:40, the 1h window holds 10 minutes of clean traffic after the maintenance and 20 before it
        MaintenanceCalendar calendar = MaintenanceCalendar.create().add("shop", MaintenanceWindow.between(
                DAY.plus(Duration.ofHours(10)), DAY.plus(Duration.ofMinutes(630)), "database migration"));
        Instant at = DAY.plus(Duration.ofMinutes(640));

        SloResult r = SloEvaluator.withDefaults().excluding(calendar).evaluate("shop", AVAILABILITY,
                new DayOfTraffic(), at);

        assertThat(r.burnRates()).isNotEmpty().allSatisfy(b -> assertThat(b.rate()).isZero());
        assertThat(r.status()).isEqualTo(Status.MET);
    }

    @Test
    void aSourceThatKnowsOnlyThePresentCannotLeaveOutAPastWindowAndSaysSo() {
        MetricSource presentOnly = new DayOfTraffic() {
            @Override
            public boolean supportsPastInstants() {
                return false;
            }
        };
        MaintenanceCalendar calendar = MaintenanceCalendar.create().add("shop", MaintenanceWindow.between(
                DAY.plus(Duration.ofHours(10)), DAY.plus(Duration.ofMinutes(630)), "database migration"));

        SloResult r = SloEvaluator.withDefaults().excluding(calendar).evaluate("shop", AVAILABILITY, presentOnly, END);

        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.detail()).contains("traffic cannot count the events of a past interval");
    }

    @Test
    void aPeriodWhollyInMaintenanceHasNoDataAndSaysWhy() {
        MaintenanceCalendar calendar = MaintenanceCalendar.create().add("shop", MaintenanceWindow.between(
                DAY.minus(Duration.ofHours(1)), END.plus(Duration.ofHours(1)), "data centre move"));

        SloResult r = SloEvaluator.withDefaults().excluding(calendar).evaluate("shop", AVAILABILITY,
                new DayOfTraffic(), END);

        assertThat(r.status()).isEqualTo(Status.NO_DATA);
        assertThat(r.detail()).isEqualTo("no events in the last 1d (1d of maintenance left out of the 1d)");
    }
}
