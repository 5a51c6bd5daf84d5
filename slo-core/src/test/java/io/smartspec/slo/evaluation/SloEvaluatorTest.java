package io.smartspec.slo.evaluation;

import io.smartspec.slo.FakeMetricSource;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleUnaryOperator;

import static io.smartspec.slo.Quantity.millis;
import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SloEvaluatorTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
    private static final double MONTH_EVENTS = 10_000_000;
    private static final double SECONDS_30D = Duration.ofDays(30).getSeconds();

    private final SloEvaluator evaluator = SloEvaluator.withDefaults();

    private static Slo p99() {
        return Slo.named("p99-latency").metric("api_latency_p99").below(Duration.ofMillis(200)).build();
    }

    private SloResult evaluate(Slo slo, FakeMetricSource source) {
        return evaluator.evaluate("spec", slo, source, AT);
    }

    // --- thresholds ---

    @ParameterizedTest(name = "p99 {0} ms against < 200 ms is {1}, margin {2} ms")
    @CsvSource({"150, MET, 50", "185, AT_RISK, 15", "200, BREACHED, 0", "213.4, BREACHED, -13.4"})
    void aThresholdIsMetAtRiskOrBreachedWithItsMargin(double observedMs, Status expected, double marginMs) {
        // given
        FakeMetricSource source = new FakeMetricSource().answer("api_latency_p99", Measurement.of(observedMs,
                Unit.MILLISECONDS));

        // when
        SloResult result = evaluate(p99(), source);

        // then
        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.observed()).contains(millis(observedMs));
        assertThat(result.margin()).hasValueSatisfying(m -> {
            assertThat(m.unit()).isEqualTo(Unit.MILLISECONDS);
            assertThat(m.value()).isCloseTo(marginMs, within(1e-9));
        });
        assertThat(result.query()).isEqualTo("api_latency_p99");
        assertThat(result.source()).isEqualTo("fake");
    }

    @Test
    void aBreachReadsAsASentence() {
        FakeMetricSource source = new FakeMetricSource().answer("api_latency_p99", Measurement.of(213.4,
                Unit.MILLISECONDS));
        assertThat(evaluate(p99(), source)).hasToString(
                "p99-latency: BREACHED — api_latency_p99 = 213.4 ms, objective < 200 ms (over by 13.4 ms)");
    }

    @Test
    void valuesInOtherUnitsAreConvertedToTheObjectivesUnit() {
        // given 0.15 s against < 200 ms
        FakeMetricSource source = new FakeMetricSource().answer("api_latency_p99", Measurement.of(0.15,
                Unit.SECONDS));

        // when
        SloResult result = evaluate(p99(), source);

        // then
        assertThat(result.status()).isEqualTo(Status.MET);
        assertThat(result.observed().map(Quantity::unit)).contains(Unit.MILLISECONDS);
        assertThat(result.observed().map(Quantity::value).orElseThrow()).isCloseTo(150, within(1e-9));
    }

    @Test
    void aPlainNumberIsNeverReadInTheObjectivesUnit() {
        // given a source without a unit convention, a metric without a declared unit
        FakeMetricSource source = new FakeMetricSource().answer("api_latency_p99", Measurement.of(150, Unit.NUMBER));

        // when
        SloResult result = evaluate(p99(), source);

        // then
        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.observed()).isEmpty();
        assertThat(result.detail()).isEqualTo("fake gave the plain number 150 for 'api_latency_p99' (a plain number "
                + "needs the metric's unit:) and metric 'api_latency_p99' declares no unit; declare the unit the "
                + "query returns in observability.yaml, e.g. unit: s or unit: ms");
    }

    @Test
    void aValueWithoutUnitIsReadInTheMetricsDeclaredUnit() {
        // given a query that returns seconds, declared as such
        Slo slo = Slo.named("p99").metric("api_latency_p99").unit(Unit.SECONDS).below(Duration.ofMillis(200)).build();
        FakeMetricSource source = new FakeMetricSource().answer("api_latency_p99", Measurement.of(0.25, Unit.NUMBER));

        // when
        SloResult result = evaluate(slo, source);

        // then
        assertThat(result.status()).isEqualTo(Status.BREACHED);
        assertThat(result.observed()).contains(millis(250));
        assertThat(result.detail()).isEmpty();
    }

    @ParameterizedTest(name = "uptime {0}% against > 99.9% is {1}")
    @CsvSource({"100, MET", "99.95, MET", "99.905, AT_RISK", "99.9, BREACHED", "98, BREACHED"})
    void anUptimeIsAtRiskOnlyNearItsBound(double uptime, Status expected) {
        // given the seed's api_uptime > 99.9%
        Slo slo = Slo.named("uptime").metric("api_uptime").above(percent(99.9)).build();
        FakeMetricSource source = new FakeMetricSource().answer("api_uptime", Measurement.of(uptime, Unit.PERCENT));

        // then
        assertThat(evaluate(slo, source).status()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "error rate {0} against < 0.1% is {1}")
    @CsvSource({"0.05 %, MET", "0.095 %, AT_RISK", "0.2 %, BREACHED", "0.0005 fraction, MET", "0.002 fraction, BREACHED"})
    void anErrorRateComparesPercentagesAndFractions(String observed, Status expected) {
        // given the seed's api_error_rate < 0.1%
        Slo slo = Slo.named("errors").metric("api_error_rate").below(percent(0.1)).build();
        FakeMetricSource source = new FakeMetricSource().answer("api_error_rate",
                Measurement.of(Quantity.parse(observed)));

        // then
        assertThat(evaluate(slo, source).status()).isEqualTo(expected);
    }

    @Test
    void theAtRiskMarginIsConfigurable() {
        // given 185 ms against < 200 ms, at risk only within 5%
        SloEvaluator strict = SloEvaluator.with(EvaluationPolicy.custom().thresholdAtRiskWithin(percent(5)).build());
        FakeMetricSource source = new FakeMetricSource().answer("api_latency_p99", Measurement.of(185,
                Unit.MILLISECONDS));

        // then
        assertThat(strict.evaluate("spec", p99(), source, AT).status()).isEqualTo(Status.MET);
    }

    @Test
    void aDurationIsNeverComparedWithAPercentage() {
        // given a source that answers in ms for a percentage objective
        Slo slo = Slo.named("uptime").metric("api_uptime").above(percent(99.9)).build();
        FakeMetricSource source = new FakeMetricSource().answer("api_uptime", Measurement.of(5, Unit.MILLISECONDS));

        // when
        SloResult result = evaluate(slo, source);

        // then
        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.detail()).isEqualTo("cannot compare 5 ms (a duration (ns, us, ms, s, min, h)) with the "
                + "objective > 99.9 % (a percentage (99.9%) or a fraction); declare the metric's unit");
    }

    // --- no data and failures ---

    @Test
    void noDataIsNeverMet() {
        // when
        SloResult result = evaluate(p99(), new FakeMetricSource());

        // then
        assertThat(result.status()).isEqualTo(Status.NO_DATA);
        assertThat(result.status().isMet()).isFalse();
        assertThat(result.detail()).isEqualTo("no series for api_latency_p99");
        assertThat(result.observed()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NaN", "Infinity", "-Infinity"})
    void notANumberIsNoDataNotAValue(double value) {
        // given a source that does not filter NaN itself
        FakeMetricSource source = new FakeMetricSource().answer("api_latency_p99",
                new Measurement.Value(new Quantity(value, Unit.MILLISECONDS)));

        // when
        SloResult result = evaluate(p99(), source);

        // then
        assertThat(result.status()).isEqualTo(Status.NO_DATA);
        assertThat(result.detail()).isEqualTo("the value is " + value + ", not a number");
        assertThat(Measurement.of(value, Unit.MILLISECONDS)).isInstanceOf(Measurement.NoData.class);
    }

    @Test
    void aFailingOrThrowingSourceNeverStopsTheOtherSlos() {
        // given
        SloSet slos = SloSet.named("checkout")
                .slo("p99-latency", s -> s.metric("api_latency_p99").below(Duration.ofMillis(200)))
                .slo("error-rate", s -> s.metric("api_error_rate").below(percent(0.1)))
                .slo("uptime", s -> s.metric("api_uptime").above(percent(99.9)))
                .slo("saturation", s -> s.metric("cpu").below(percent(80)))
                .slo("queue", s -> s.metric("queue").below(Quantity.number(100)))
                .build();
        FakeMetricSource source = new FakeMetricSource()
                .answer("api_latency_p99", q -> {
                    throw new IllegalStateException("connection reset");
                })
                .answer("api_error_rate", Measurement.failed("HTTP 400: bad_data: parse error"))
                .answer("api_uptime", q -> null)
                .answer("cpu", Measurement.of(50, Unit.PERCENT))
                .answer("queue", Measurement.of(3, Unit.NUMBER));

        // when
        EvaluationRound round = evaluator.evaluate(slos, source, AT);

        // then
        assertThat(round.results()).extracting(SloResult::status)
                .containsExactly(Status.ERROR, Status.ERROR, Status.ERROR, Status.MET, Status.MET);
        assertThat(round.results()).extracting(SloResult::detail).startsWith(
                "fake failed: IllegalStateException: connection reset",
                "HTTP 400: bad_data: parse error",
                "fake returned nothing for api_uptime");
        assertThat(round.hasUnknowns()).isTrue();
        assertThat(round.hasBreaches()).isFalse();
        assertThat(round.countByStatus()).containsEntry(Status.ERROR, 3L).containsEntry(Status.MET, 2L);
    }

    // --- ratios, error budgets and burn rates ---

    /** Events spread over 30 days: total proportional to the window; bad = badShare(window) x total. */
    private static FakeMetricSource ratioSource(DoubleUnaryOperator badEvents) {
        return new FakeMetricSource()
                .answer("total", q -> Measurement.of(totalIn(q.window().orElseThrow()), Unit.NUMBER))
                .answer("errors", q -> Measurement.of(badEvents.applyAsDouble(q.window().orElseThrow().getSeconds()),
                        Unit.NUMBER));
    }

    private static double totalIn(Duration window) {
        return totalIn(window.getSeconds());
    }

    private static double totalIn(double seconds) {
        return MONTH_EVENTS * seconds / SECONDS_30D;
    }

    private static Slo availability() {
        return Slo.named("availability").ratio(bad("errors[{{window}}]"), total("total[{{window}}]"))
                .target(percent(99.9)).over(Duration.ofDays(30)).build();
    }

    @Test
    void aRatioWithinBudgetIsMetWithItsErrorBudgetInEvents() {
        // given 0.05% errors everywhere: half the budget
        FakeMetricSource source = ratioSource(s -> 0.0005 * totalIn(s));

        // when
        SloResult result = evaluate(availability(), source);

        // then
        assertThat(result.status()).isEqualTo(Status.MET);
        assertThat(result.observed().orElseThrow().value()).isCloseTo(99.95, within(1e-9));
        assertThat(result.margin().orElseThrow().value()).isCloseTo(0.05, within(1e-9));
        ErrorBudget budget = result.errorBudget().orElseThrow();
        assertThat(budget.total()).isCloseTo(0.001, within(1e-12));
        assertThat(budget.totalEvents()).isCloseTo(10_000_000, within(1e-6));
        assertThat(budget.allowedBadEvents()).isCloseTo(10_000, within(1e-6));
        assertThat(budget.badEvents()).isCloseTo(5000, within(1e-6));
        assertThat(budget.consumed()).isCloseTo(0.5, within(1e-9));
        assertThat(budget.remaining()).isCloseTo(0.5, within(1e-9));
        assertThat(budget.remainingEvents()).isCloseTo(5000, within(1e-6));
        assertThat(result.burnRates()).extracting(b -> Windows.format(b.window()))
                .containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d");
        assertThat(result.burnRates()).allSatisfy(b -> assertThat(b.rate()).isCloseTo(0.5, within(1e-9)));
        assertThat(result.firing()).isEmpty();
        assertThat(result.query()).isEqualTo("errors[30d]");
    }

    @Test
    void aRatioWithLittleBudgetLeftIsAtRisk() {
        // given 0.08% errors: 80% of the budget spent, no alert fires (burn 0.8)
        SloResult result = evaluate(availability(), ratioSource(s -> 0.0008 * totalIn(s)));

        // then
        assertThat(result.status()).isEqualTo(Status.AT_RISK);
        assertThat(result.detail()).isEqualTo("20% of the error budget left");
        assertThat(result.firing()).isEmpty();
    }

    @Test
    void aRatioBelowTargetIsBreachedWithANegativeBudget() {
        // given 0.2% errors: twice the budget
        SloResult result = evaluate(availability(), ratioSource(s -> 0.002 * totalIn(s)));

        // then
        assertThat(result.status()).isEqualTo(Status.BREACHED);
        assertThat(result.detail()).isEqualTo("SLI below target over 30d; error budget exhausted");
        ErrorBudget budget = result.errorBudget().orElseThrow();
        assertThat(budget.remaining()).isCloseTo(-1.0, within(1e-9));
        assertThat(budget.remainingEvents()).isCloseTo(-10_000, within(1e-6));
        assertThat(result.margin().orElseThrow().value()).isCloseTo(-0.1, within(1e-9));
    }

    @Test
    void aFastBurnPagesEvenWhenTheMonthIsFine() {
        // given 2% errors in the last hour, 0.01% before: the 1h/5m page fires (20x > 14.4x), not 6h/30m
        double hour = 3600;
        SloResult result = evaluate(availability(),
                ratioSource(s -> 0.02 * totalIn(Math.min(s, hour)) + 0.0001 * totalIn(s)));

        // then
        assertThat(result.status()).isEqualTo(Status.BREACHED);
        assertThat(result.firing()).extracting(a -> a.toString()).containsExactly("page 1h/5m (2% of budget)");
        assertThat(result.errorBudget().orElseThrow().remaining()).isGreaterThan(0.8);
        assertThat(result.detail()).isEqualTo("error budget burning fast: page 20.1x over 1h and 20.1x over 5m > 14.4x");
        assertThat(result.fastestBurn().map(BurnRate::rate).orElseThrow()).isCloseTo(20.1, within(1e-9));
    }

    @Test
    void aSlowBurnOpensATicket() {
        // given 0.4% errors over the last day, 0.01% before: burn 4x over 1d and 2h (> 3x), not enough to page
        double day = 86400;
        SloResult result = evaluate(availability(),
                ratioSource(s -> 0.004 * totalIn(Math.min(s, day)) + 0.0001 * totalIn(s)));

        // then
        assertThat(result.status()).isEqualTo(Status.AT_RISK);
        assertThat(result.firing()).extracting(BurnRatePolicy.Alert::severity)
                .containsOnly(BurnRatePolicy.Severity.TICKET);
        assertThat(result.firing()).extracting(a -> Windows.format(a.longWindow())).contains("1d");
        assertThat(result.detail()).startsWith("error budget burning: ticket 4.1x over 1d and 4.1x over 2h > 3x");
    }

    @Test
    void theBudgetAtRiskShareIsConfigurable() {
        // given half the budget spent, at risk under 60% left
        SloEvaluator cautious = SloEvaluator.with(EvaluationPolicy.custom().budgetAtRiskBelow(percent(60)).build());

        // when
        SloResult result = cautious.evaluate("spec", availability(), ratioSource(s -> 0.0005 * totalIn(s)), AT);

        // then
        assertThat(result.status()).isEqualTo(Status.AT_RISK);
    }

    @Test
    void aRatioWithoutEventsHasNoData() {
        // given
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(0, Unit.NUMBER))
                .answer("errors", Measurement.of(0, Unit.NUMBER));

        // when
        SloResult result = evaluate(availability(), source);

        // then
        assertThat(result.status()).isEqualTo(Status.NO_DATA);
        assertThat(result.detail()).isEqualTo("no events in the last 30d");
        assertThat(result.errorBudget()).isEmpty();
    }

    @Test
    void noBadEventSeriesWithEventsMeansNoBadEvents() {
        // given Prometheus has no series for 5xx that never happened
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(5000, Unit.NUMBER));

        // when
        SloResult result = evaluate(availability(), source);

        // then
        assertThat(result.status()).isEqualTo(Status.MET);
        assertThat(result.observed()).contains(percent(100));
    }

    @Test
    void aFailingEventsQueryIsAnError() {
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(5000, Unit.NUMBER))
                .answer("errors", Measurement.failed("HTTP 503: timeout"));
        SloResult result = evaluate(availability(), source);
        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.detail()).isEqualTo("HTTP 503: timeout");
    }

    @Test
    void aLatencyRatioAsksForRequestsFasterThanTheThreshold() {
        // given 99.9% of requests under 300 ms against a 99% target over 7 days (burn 0.1x: no ticket)
        Slo slo = Slo.named("fast").latency("http.server.requests").fasterThan(Duration.ofMillis(300))
                .target(percent(99)).over(Duration.ofDays(7)).build();
        FakeMetricSource source = new FakeMetricSource().answer("http.server.requests", q ->
                Measurement.of(q.kind() == MetricQuery.Kind.EVENTS_FASTER_THAN ? 999 : 1000, Unit.NUMBER));

        // when
        SloResult result = evaluate(slo, source);

        // then
        assertThat(result.status()).isEqualTo(Status.MET);
        assertThat(result.observed().orElseThrow().value()).isCloseTo(99.9, within(1e-9));
        assertThat(source.asked).filteredOn(q -> q.kind() == MetricQuery.Kind.EVENTS_FASTER_THAN)
                .allSatisfy(q -> assertThat(q.latencyThreshold()).contains(millis(300)));
        assertThat(source.asked).extracting(q -> q.window().map(Windows::format).orElse(""))
                .doesNotContain("30d").contains("7d", "3d", "5m");
    }
}
