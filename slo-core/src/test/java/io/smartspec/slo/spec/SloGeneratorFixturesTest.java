package io.smartspec.slo.spec;

import io.smartspec.slo.FakeMetricSource;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Unit;
import io.smartspec.slo.evaluation.BurnRate;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.EvaluationPolicy;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.source.Measurement;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;

import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The SLI edge cases and the golden error-budget report of google/slo-generator (fixtures in
 * {@code src/test/resources/slo-generator}, see its README for the upstream commit).
 */
class SloGeneratorFixturesTest {

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();
    private static final Instant AT = Instant.parse("2023-12-15T17:15:13Z");

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = SloGeneratorFixturesTest.class.getResourceAsStream("/slo-generator/" + name)) {
            return JSON.readTree(in);
        }
    }

    /**
     * Answers like slo-generator's dummy backend: a count of -1 is "no data", JSON null is no response
     * at all, an object is a response of the wrong type. Total events are good + bad, as slo-generator
     * computes them.
     */
    private static Measurement answer(JsonNode count) {
        if (count == null || count.isMissingNode()) {
            return Measurement.noData("no value in the response");
        }
        if (count.isNull()) {
            return null;
        }
        if (!count.isNumber()) {
            throw new IllegalStateException("unexpected response type " + count.getNodeType());
        }
        return count.asDouble() < 0 ? Measurement.noData("no events") : Measurement.of(count.asDouble(), Unit.NUMBER);
    }

    private static Measurement totalOf(JsonNode good, JsonNode bad) {
        if (good == null || bad == null || good.isNull() || bad.isNull()) {
            return null;
        }
        if (!good.isNumber() || !bad.isNumber()) {
            throw new IllegalStateException("unexpected response type");
        }
        double total = Math.max(0, good.asDouble()) + Math.max(0, bad.asDouble());
        return good.asDouble() < 0 && bad.asDouble() < 0 ? Measurement.noData("no events")
                : Measurement.of(total, Unit.NUMBER);
    }

    @ParameterizedTest(name = "{0} ({1} events) -> {2}, SLI {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            enough_events                 | GOOD | BREACHED | 0.5
            enough_events                 | BAD  | BREACHED | 0.5
            no_good_events                | GOOD | NO_DATA  | -
            no_good_events                | BAD  | BREACHED | 0
            no_bad_events                 | GOOD | MET      | 1
            no_bad_events                 | BAD  | MET      | 1
            valid_sli_value               | GOOD | MET      | 0.991
            no_events                     | GOOD | NO_DATA  | -
            no_events                     | BAD  | NO_DATA  | -
            no_good_bad_events            | GOOD | NO_DATA  | -
            no_good_bad_events            | BAD  | NO_DATA  | -
            not_enough_events             | GOOD | NO_DATA  | -
            not_enough_events             | BAD  | NO_DATA  | -
            no_sli_value                  | GOOD | NO_DATA  | -
            no_backend_response_sli       | GOOD | ERROR    | -
            no_backend_response_ratio     | GOOD | ERROR    | -
            no_backend_response_ratio     | BAD  | ERROR    | -
            invalid_backend_response_type | GOOD | ERROR    | -
            invalid_backend_response_type | BAD  | ERROR    | -
            """)
    void theSliEdgeCasesOfSloGenerator(String name, Indicator.Events events, Status expected, Double sli)
            throws IOException {
        // given the case, the goal of dummy_slo_config.json and slo-generator's test MIN_VALID_EVENTS of 10.
        // One departure: slo-generator reads a missing good count as 0 good events (a breach); here it is
        // NO_DATA, as an absent total is: "every event was bad" needs a number, not an absence.
        JsonNode test = fixture("dummy_tests.json").get(name);
        double goal = fixture("dummy_slo_config.json").at("/spec/goal").asDouble();
        SloEvaluator evaluator = SloEvaluator.with(EvaluationPolicy.custom().minimumEvents(10).build());
        Slo slo;
        FakeMetricSource source = new FakeMetricSource();
        if (test.get("method").asText().equals("sli")) {
            slo = Slo.named(name).metric("sli").unit(Unit.FRACTION).atLeast(Quantity.fraction(goal)).build();
            source.answer("sli", q -> answer(test.has("sli") ? test.get("sli") : null));
        } else {
            String counted = events == Indicator.Events.GOOD ? "good_events" : "bad_events";
            slo = Slo.named(name)
                    .ratio(events == Indicator.Events.GOOD ? good("events[{{window}}]") : bad("events[{{window}}]"),
                            total("total[{{window}}]"))
                    .target(Quantity.fraction(goal)).over(Duration.ofHours(1)).minEvents(10).build();
            source.answer("events", q -> answer(test.get(counted)))
                    .answer("total", q -> totalOf(test.get("good_events"), test.get("bad_events")));
        }

        // when
        SloResult result = evaluator.evaluate("slo-generator", slo, source, AT);

        // then
        if (expected == Status.MET) {
            // slo-generator's "alert: false": the objective holds (MET, or AT_RISK close to the goal)
            assertThat(result.status().isMet()).as(result.toString()).isTrue();
        } else {
            assertThat(result.status()).as(result.toString()).isEqualTo(expected);
        }
        if (sli == null) {
            assertThat(result.observed()).isEmpty();
            assertThat(result.status().isMet()).isFalse();
        } else {
            assertThat(result.observed().orElseThrow().to(Unit.FRACTION).value()).isCloseTo(sli, within(1e-12));
        }
    }

    @Test
    void theErrorBudgetNumbersOfTheGoldenReport() throws IOException {
        // given slo_report_v2.json: goal 0.9, 3556 good and 3556 bad events over 43200 s
        JsonNode report = fixture("slo_report_v2.json");
        double goal = report.get("goal").asDouble();
        double goodEvents = report.get("good_events_count").asDouble();
        double badEvents = report.get("bad_events_count").asDouble();
        Duration window = Duration.ofSeconds(report.get("window").asLong());
        Slo slo = Slo.named("test-slo").ratio(good("good[{{window}}]"), total("total[{{window}}]"))
                .target(Quantity.fraction(goal)).over(window).build();
        FakeMetricSource source = new FakeMetricSource()
                .answer("good", Measurement.of(goodEvents, Unit.NUMBER))
                .answer("total", Measurement.of(goodEvents + badEvents, Unit.NUMBER));

        // when
        SloResult result = SloEvaluator.withDefaults().evaluate("test", slo, source, AT);

        // then the report's figures
        double windowMinutes = window.toMinutes();
        ErrorBudget budget = result.errorBudget().orElseThrow();
        assertThat(budget.sli()).isCloseTo(report.get("sli_measurement").asDouble(), within(1e-12));
        assertThat(result.margin().orElseThrow().to(Unit.FRACTION).value())
                .isCloseTo(report.get("gap").asDouble(), within(1e-12));
        assertThat(budget.total()).isCloseTo(report.get("error_budget_target").asDouble(), within(1e-12));
        assertThat(budget.total() * windowMinutes).isCloseTo(report.get("error_budget_minutes").asDouble(),
                within(1e-9));
        assertThat(budget.remainingEvents() / budget.totalEvents() * windowMinutes)
                .isCloseTo(report.get("error_budget_remaining_minutes").asDouble(), within(1e-9));
        assertThat(BurnRate.of(window, 1 - budget.sli(), goal).rate())
                .isCloseTo(report.get("error_budget_burn_rate").asDouble(), within(1e-9));
        assertThat(budget.consumed()).isCloseTo(5.0, within(1e-9));
        assertThat(result.burnRates()).allSatisfy(b -> assertThat(b.rate()).isCloseTo(5.0, within(1e-9)));
        assertThat(result.status()).isEqualTo(Status.BREACHED);
        assertThat(report.get("alert").asBoolean()).isTrue();
    }
}
