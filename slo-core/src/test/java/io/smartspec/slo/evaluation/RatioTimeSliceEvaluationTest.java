package io.smartspec.slo.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.micrometer.MicrometerSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ratio SLO counted in time slices, in-process: a monitor's rounds on each minute's end (fixed instants), the
 * counters moved within each minute, and the slices counted by hand. {@code timeslices(1m, 90%)}: a minute is good
 * when its own share of good requests is at least 90%; {@code ratioTimeslices(1m)}: the SLI is the mean share.
 * Minutes without requests count neither way.
 */
class RatioTimeSliceEvaluationTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final int MINUTES = 45;
    private static final Duration WINDOW = Duration.ofMinutes(30);

    /** Requests in a minute: {ok, failed}. None in every 6th minute from 2; 70% ok in every 4th from 1; 95% in
     * every 5th; else all ok. */
    static int[] requests(int minute) {
        if (minute % 6 == 2) {
            return new int[] {0, 0};
        }
        if (minute % 4 == 1) {
            return new int[] {7, 3};
        }
        if (minute % 5 == 0) {
            return new int[] {19, 1};
        }
        return new int[] {10, 0};
    }

    @Test
    void sharesOfEachMinuteAreCountedAsByHand() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter ok = Counter.builder("requests").tag("outcome", "ok").register(registry);
        Counter failed = Counter.builder("requests").tag("outcome", "failed").register(registry);
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(T0).build();
        SloSet slos = SloSet.named("checkout")
                .slo("good-minutes", s -> s.ratio(Slo.good("requests{outcome=ok}"), Slo.total("requests"))
                        .target(Quantity.percent(95)).timeslices(Duration.ofMinutes(1), Quantity.percent(90))
                        .over(WINDOW))
                .slo("mean-of-minutes", s -> s.ratio(Slo.bad("requests{outcome=failed}"), Slo.total("requests"))
                        .target(Quantity.percent(99)).ratioTimeslices(Duration.ofMinutes(1)).over(WINDOW))
                .build();
        SloEvaluator evaluator = SloEvaluator.withDefaults();

        // when a round runs at the start and at the end of each minute
        List<SloResult> results = evaluator.evaluate(slos, source, T0).results();
        for (int minute = 0; minute < MINUTES; minute++) {
            ok.increment(requests(minute)[0]);
            failed.increment(requests(minute)[1]);
            results = evaluator.evaluate(slos, source, T0.plus(Duration.ofMinutes(minute + 1))).results();
        }

        SloResult count = results.get(0);
        SloResult average = results.get(1);

        // then, by hand: the minutes that ended in the last 30
        long slices = 0;
        long bad = 0;
        double shares = 0;
        for (int minute = MINUTES - 30; minute < MINUTES; minute++) {
            int[] r = requests(minute);
            if (r[0] + r[1] == 0) {
                continue;
            }
            double share = (double) r[0] / (r[0] + r[1]);
            slices++;
            bad += share < 0.9 ? 1 : 0;
            shares += share;
        }
        assertThat(slices).isEqualTo(25);
        ErrorBudget counted = count.errorBudget().orElseThrow(() -> new AssertionError(count));
        assertThat(counted.totalEvents()).isEqualTo(slices);
        assertThat(counted.badEvents()).isEqualTo(bad);
        assertThat(results.get(0).status()).isEqualTo(Status.BREACHED);
        ErrorBudget mean = average.errorBudget().orElseThrow(() -> new AssertionError(average));
        assertThat(mean.totalEvents()).isEqualTo(slices);
        assertThat(mean.sli()).isCloseTo(shares / slices, within(1e-9));
    }

    @Test
    void aPerLabelRatioInSlicesIsAnErrorThatSaysSo() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter.builder("requests").tag("outcome", "ok").tag("route", "/pay").register(registry).increment();
        Slo perRoute = Slo.named("good-minutes").ratio(Slo.good("requests{outcome=ok}"), Slo.total("requests"))
                .target(Quantity.percent(95)).timeslices(Duration.ofMinutes(1), Quantity.percent(90)).over(WINDOW)
                .per("route").build();

        List<SloResult> results = SloEvaluator.withDefaults()
                .evaluateAll("checkout", perRoute, MicrometerSource.builder(registry).build(), T0);

        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(Status.ERROR);
            assertThat(r.detail()).contains("per-label ratio SLO is not evaluated yet");
        });
    }
}
