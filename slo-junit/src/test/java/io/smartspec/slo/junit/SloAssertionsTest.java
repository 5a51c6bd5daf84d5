package io.smartspec.slo.junit;

import static io.smartspec.slo.Quantity.millis;
import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.micrometer.SloMeterFilter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.error.AssertJMultipleFailuresError;
import org.junit.jupiter.api.Test;

class SloAssertionsTest {

    private static final SloSet CHECKOUT = SloSet.named("checkout")
            .slo("p99", s -> s.description("p99 latency").metric("api_latency_p99").below(millis(200)))
            .slo("availability", s -> s.ratio(good("ok"), total("all")).target(percent(99.9)))
            .slo("payments", s -> s.ratio(good("paid"), total("all")).target(percent(99.9)))
            .slo("search", s -> s.metric("search_latency").below(millis(500)))
            .build();

    /** A source answering from a map; unknown queries have no data. */
    private static MetricSource source(Map<String, Quantity> values) {
        return new MetricSource() {
            @Override
            public String name() {
                return "map";
            }

            @Override
            public Measurement query(MetricQuery query) {
                Quantity q = values.get(query.query());
                return q == null ? Measurement.noData("no series for " + query.query()) : new Measurement.Value(q);
            }
        };
    }

    private static EvaluationRound round(Map<String, Quantity> values) {
        return SloEvaluator.withDefaults().evaluate(CHECKOUT, source(values), Instant.parse("2026-11-22T12:00:00Z"));
    }

    private static final Map<String, Quantity> HEALTHY = Map.of(
            "api_latency_p99", millis(120), "ok", Quantity.number(999_500), "paid", Quantity.number(999_900),
            "all", Quantity.number(1_000_000), "search_latency", millis(80));

    private static final Map<String, Quantity> BROKEN = Map.of(
            "api_latency_p99", millis(213.4), "ok", Quantity.number(999_500), "paid", Quantity.number(998_000),
            "all", Quantity.number(1_000_000));

    @Test
    void aMetSloPassesMeets() {
        // given
        EvaluationRound round = round(HEALTHY);

        // then
        assertThatNoException().isThrownBy(() -> SloAssertions.assertThat(round)
                .meets(CHECKOUT.find("p99").orElseThrow()).meets("availability").hasNoBreaches().meetsAll());
    }

    @Test
    void aBreachedThresholdFailsMeetsWithObservedTargetAndMargin() {
        // given
        EvaluationRound round = round(BROKEN);

        // then
        assertThatThrownBy(() -> SloAssertions.assertThat(round.result("p99").orElseThrow()).meets())
                .isInstanceOf(AssertionError.class)
                .hasMessage("\nExpecting p99 latency of checkout [p99]: 213.4 ms to be < 200 ms (over by 13.4 ms)"
                        );
    }

    @Test
    void aBreachedRatioSaysHowFarShortOfTheTargetItIs() {
        // given
        EvaluationRound round = round(BROKEN);

        // then
        assertThatThrownBy(() -> SloAssertions.assertThat(round).meets("payments"))
                .hasMessage("\nExpecting payments of checkout: 99.8 % to be >= 99.9 % (short by 0.1 %)");
    }

    @Test
    void hasNoBreachesListsEveryBreachInOneMessage() {
        // given
        EvaluationRound round = round(BROKEN);

        // then
        assertThatThrownBy(() -> SloAssertions.assertThat(round).hasNoBreaches())
                .hasMessage("""
                        \nExpecting no breached SLO, but 2 of 4 were breached:
                          Expecting p99 latency of checkout [p99]: 213.4 ms to be < 200 ms (over by 13.4 ms)
                          Expecting payments of checkout: 99.8 % to be >= 99.9 % (short by 0.1 %)"""
                        );
    }

    @Test
    void meetsAllAlsoFailsOnSlosWithoutData() {
        // given: no search_latency series in BROKEN
        EvaluationRound round = round(Map.of("api_latency_p99", millis(1), "ok", Quantity.number(1000),
                "paid", Quantity.number(1000), "all", Quantity.number(1000)));

        // then
        assertThatThrownBy(() -> SloAssertions.assertThat(round).hasNoBreaches().meetsAll())
                .hasMessage("""
                        \nExpecting every SLO to be met, but 1 of 4 was not:
                          Expecting search_latency of checkout [search] to be < 500 ms, but there was no data: \
                        no series for search_latency""");
    }

    @Test
    void errorBudgetRemainingIsCheckedAgainstTheShareLeft() {
        // given: availability spent 500 of 1000 allowed bad events
        EvaluationRound round = round(HEALTHY);

        // then
        assertThatNoException().isThrownBy(() -> SloAssertions.assertThat(round)
                .hasErrorBudgetRemainingAtLeast("availability", percent(50)));
        assertThatThrownBy(() -> SloAssertions.assertThat(round)
                .hasErrorBudgetRemainingAtLeast("availability", percent(60)))
                .hasMessage("\nExpecting the error budget of availability of checkout to have at least 60 % left, "
                         + "but 50 % was left (500 of 1000 allowed bad events spent)");
    }

    @Test
    void errorBudgetOfTheWholeRoundListsEverySloShortOfBudget() {
        // given
        EvaluationRound round = round(BROKEN);

        // then
        assertThatThrownBy(() -> SloAssertions.assertThat(round).hasErrorBudgetRemainingAtLeast(percent(50)))
                .hasMessage("\nExpecting the error budget of payments of checkout to have at least 50 % left, "
                         + "but -100 % was left (2000 of 1000 allowed bad events spent)");
    }

    @Test
    void aThresholdSloHasNoErrorBudget() {
        // given
        EvaluationRound round = round(HEALTHY);

        // then
        assertThatThrownBy(() -> SloAssertions.assertThat(round).hasErrorBudgetRemainingAtLeast("p99", percent(50)))
                .hasMessageEndingWith("but it is a threshold SLO (< 200 ms) without an error budget");
    }

    @Test
    void anUnknownSloNameSaysWhichSlosTheRoundHas() {
        // given
        EvaluationRound round = round(HEALTHY);

        // then
        assertThatThrownBy(() -> SloAssertions.assertThat(round).meets("p50"))
                .hasMessage("\nExpecting a result for slo 'p50', but the round has none; it has: p99, availability, "
                         + "payments, search");
    }

    @Test
    void theStatusCanBeAssertedExactly() {
        // given
        EvaluationRound round = round(BROKEN);

        // then
        assertThatNoException().isThrownBy(() -> SloAssertions.assertThat(round.result("p99").orElseThrow())
                .isBreached().hasStatus(Status.BREACHED));
        assertThatThrownBy(() -> SloAssertions.assertThat(round.result("availability").orElseThrow()).isBreached())
                .hasMessageStartingWith("\nExpecting availability of checkout to be BREACHED, but it was MET");
    }

    @Test
    void softAssertionsReportEveryFailureAtOnce() {
        // given
        EvaluationRound round = round(BROKEN);

        // then
        assertThatThrownBy(() -> SloAssertions.assertSoftly(softly -> {
            softly.assertThat(round).meets("p99");
            softly.assertThat(round).meets("availability");
            softly.assertThat(round.result("payments").orElseThrow()).meets();
        }))
                .isInstanceOf(AssertJMultipleFailuresError.class)
                .hasMessageContaining("Multiple Failures (2 failures)")
                .hasMessageContaining("Expecting p99 latency of checkout [p99]: 213.4 ms to be < 200 ms (over by 13.4 ms)")
                .hasMessageContaining("Expecting payments of checkout: 99.8 % to be >= 99.9 % (short by 0.1 %)")
                .hasMessageNotContaining("availability");
    }

    @Test
    void aMeterRegistryIsEvaluatedAgainstTheSetThroughMicrometer() {
        // given
        SloSet slos = SloSet.named("search")
                .slo("search-p99", s -> s.description("p99 latency").metric("search.latency p99").below(millis(100)))
                .slo("search-success", s -> s.ratio(good("search.requests{outcome=ok}"), total("search.requests"))
                        .target(percent(99)))
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(SloMeterFilter.of(slos));
        Timer timer = registry.timer("search.latency");

        // when
        for (int i = 0; i < 100; i++) {
            timer.record(Duration.ofMillis(i < 95 ? 20 : 150));
            registry.counter("search.requests", "outcome", i < 98 ? "ok" : "error").increment();
        }

        // then
        assertThatThrownBy(() -> SloAssertions.assertThat(registry, slos).hasNoBreaches())
                .hasMessageMatching("(?s)\nExpecting no breached SLO, but 2 of 2 were breached:\n"
                        + "  Expecting p99 latency of search \\[search-p99\\]: 150(\\.\\d+)? ms to be < 100 ms.*\n"
                        + "  Expecting search-success of search: 98 % to be >= 99 % \\(short by 1 %\\)");
    }

    @Test
    void assertionsAgainstASourceEvaluateTheSetFirst() {
        // then
        assertThatThrownBy(() -> SloAssertions.assertThat(source(BROKEN), CHECKOUT).hasNoBreaches())
                .hasMessageContaining("2 of 4 were breached");
    }
}
