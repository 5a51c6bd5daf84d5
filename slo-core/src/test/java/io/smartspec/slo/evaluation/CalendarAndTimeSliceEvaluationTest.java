package io.smartspec.slo.evaluation;

import static io.smartspec.slo.Quantity.millis;
import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.FakeMetricSource;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Unit;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Budgets over calendar periods and SLIs counted in time slices, against truths computed by hand. */
class CalendarAndTimeSliceEvaluationTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    final SloEvaluator evaluator = SloEvaluator.withDefaults();

    /** 100,000 events, 50 bad, over the period; 1,000 events over each burn-rate window, {@code burnBad} of them bad. */
    static FakeMetricSource source(Duration period, double burnBad) {
        return new FakeMetricSource()
                .answer("total", q -> Measurement.of(q.window().orElseThrow().equals(period) ? 100_000 : 1_000,
                        Unit.NUMBER))
                .answer("good", q -> Measurement.of(q.window().orElseThrow().equals(period) ? 100_000 - 50
                        : Duration.ofMinutes(5).equals(q.window().get()) || Duration.ofHours(1).equals(q.window().get())
                        ? 1_000 - burnBad : 1_000, Unit.NUMBER));
    }

    static Slo availability(SloWindow window) {
        return Slo.named("availability").ratio(good("good[{{window}}]"), total("total[{{window}}]"))
                .target(percent(99.9)).over(window).build();
    }

    @Test
    void aCalendarMonthCountsTheEventsSinceItsFirstMidnightInItsZone() {
        // given 03:30 CEST on 29 March 2026, just after the clocks went forward: the month began 28d 2h30m ago
        Instant at = Instant.parse("2026-03-29T01:30:00Z");
        Duration sinceMarch1 = Duration.ofDays(28).plusHours(2).plusMinutes(30);
        FakeMetricSource source = source(sinceMarch1, 0);

        // when
        SloResult r = evaluator.evaluate("checkout", availability(SloWindow.calendarMonth(BERLIN)), source, at);

        // then the period's events were asked over exactly that span, and the budget is theirs
        assertThat(source.asked).filteredOn(q -> q.query().startsWith("total"))
                .extracting(q -> q.window().orElseThrow()).contains(sinceMarch1);
        assertThat(r.status()).isEqualTo(Status.MET);
        ErrorBudget budget = r.errorBudget().orElseThrow();
        assertThat(budget.totalEvents()).isEqualTo(100_000);
        assertThat(budget.allowedBadEvents()).isCloseTo(100, within(1e-9));
        assertThat(budget.remaining()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void burnRateFactorsAreScaledToTheCalendarPeriodsOwnLength() {
        // given a 14.6x burn over 1h and 5m: above the 14.4x page factor of 30 days, below March's
        // 2% x 743h / 1h = 14.86x (Berlin's March has 743 hours)
        Instant at = Instant.parse("2026-03-29T01:30:00Z");
        Duration sinceMarch1 = Duration.ofDays(28).plusHours(2).plusMinutes(30);

        // when
        SloResult march = evaluator.evaluate("checkout", availability(SloWindow.calendarMonth(BERLIN)),
                source(sinceMarch1, 14.6), at);
        SloResult rolling = evaluator.evaluate("checkout", availability(SloWindow.rolling(Duration.ofDays(30))),
                source(Duration.ofDays(30), 14.6), at);

        // then the 30-day SLO pages and the calendar month does not
        assertThat(rolling.status()).isEqualTo(Status.BREACHED);
        assertThat(rolling.detail()).startsWith("error budget burning fast: page 14.6x over 1h and 14.6x over 5m > 14.4x");
        assertThat(march.firing()).isEmpty();
        assertThat(march.status()).isEqualTo(Status.MET);
    }

    @Test
    void atItsFirstInstantAPeriodHasNothingToJudgeAndTheBudgetIsFullAgain() {
        // given midnight of 1 April in Berlin (22:00 UTC), after a March that spent half its budget
        Instant april = Instant.parse("2026-03-31T22:00:00Z");

        // when
        SloResult atBoundary = evaluator.evaluate("checkout", availability(SloWindow.calendarMonth(BERLIN)),
                source(Duration.ZERO, 0), april);
        SloResult aMinuteLater = evaluator.evaluate("checkout", availability(SloWindow.calendarMonth(BERLIN)),
                new FakeMetricSource()
                        .answer("total", Measurement.of(2_000, Unit.NUMBER))
                        .answer("good", Measurement.of(2_000, Unit.NUMBER)), april.plusSeconds(60));

        // then
        assertThat(atBoundary.status()).isEqualTo(Status.NO_DATA);
        assertThat(atBoundary.detail()).isEqualTo("the calendar month (Europe/Berlin) began at 2026-04-01T00:00+02:00; "
                + "nothing to judge yet");
        assertThat(aMinuteLater.errorBudget().orElseThrow().remaining()).isEqualTo(1.0);
    }

    @Test
    void theTimeSliceSliIsTheShareOfSlicesWhoseLastReadingMetTheObjective() {
        // given a gauge read twice a minute for two hours (at :10 and :40 of each minute): at :10 it is 300 ms in
        // every 5th minute, at :40 it is 300 ms in minutes 3, 13, 23, ...; otherwise 100 ms
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<Double> latency = new AtomicReference<>(100.0);
        Gauge.builder("api.latency.p99", latency, AtomicReference::get).baseUnit("ms").register(registry);
        Instant t0 = Instant.parse("2026-10-25T00:00:00Z");
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(t0).build();
        Slo slo = Slo.named("checkout-p99").metric("api_latency_p99", "api.latency.p99").below(millis(200))
                .timeslices(Duration.ofMinutes(1)).target(percent(80)).over(Duration.ofHours(1)).build();

        // when every reading is a round of the monitor
        SloResult last = null;
        for (int minute = 0; minute < 120; minute++) {
            latency.set(minute % 5 == 0 ? 300.0 : 100.0);
            evaluator.evaluate("checkout", slo, source, t0.plusSeconds(minute * 60L + 10));
            latency.set(minute % 10 == 3 ? 300.0 : 100.0);
            last = evaluator.evaluate("checkout", slo, source, t0.plusSeconds(minute * 60L + 40));
        }

        // then at 01:59:40 the hour holds the 60 slices that ended in (00:59:40, 01:59:40]: minutes 59..118, of which
        // 63, 73, 83, 93, 103 and 113 ended at 300 ms: 54 of 60 good, 90%; the budget allows 20% of 60 = 12 bad slices
        assertThat(last.observed()).contains(Quantity.percent(90));
        ErrorBudget budget = last.errorBudget().orElseThrow();
        assertThat(budget.totalEvents()).isEqualTo(60);
        assertThat(budget.badEvents()).isEqualTo(6);
        assertThat(budget.allowedBadEvents()).isCloseTo(12, within(1e-9));
        assertThat(budget.remaining()).isCloseTo(0.5, within(1e-9));
        assertThat(last.status()).isEqualTo(Status.MET);
        assertThat(last.query()).isEqualTo("api.latency.p99");
    }

    @Test
    void aThresholdInTimeSlicesBreachesWhenTooFewSlicesMetIt() {
        // given a source that counts 1,000 slices in the window, 980 of them good, for a 99% target
        FakeMetricSource source = new FakeMetricSource().answer("p99", q -> Measurement.of(
                q.kind() == MetricQuery.Kind.SLICES ? 1_000 : 980, Unit.NUMBER));
        Slo slo = Slo.named("p99").metric("p99").below(millis(200)).unit(Unit.SECONDS)
                .timeslices(Duration.ofMinutes(1)).target(percent(99)).build();

        // when
        SloResult r = evaluator.evaluate("checkout", slo, source, Instant.parse("2026-11-29T12:00:00Z"));

        // then 98% of the slices were good, short of 99%: 20 bad slices of 10 allowed
        assertThat(r.status()).isEqualTo(Status.BREACHED);
        assertThat(r.observed()).contains(Quantity.percent(98));
        assertThat(r.errorBudget().orElseThrow().consumed()).isEqualTo(2.0);
        // and the source was asked for slices of 1m judged by < 200 ms, read in seconds
        MetricQuery asked = source.asked.get(0);
        assertThat(asked.slices().orElseThrow().boundInPlainNumbers()).isEqualTo(0.2);
        assertThat(asked.slices().orElseThrow().slice()).isEqualTo(Duration.ofMinutes(1));
    }
}
