package io.smartspec.slo.evaluation;

import io.smartspec.slo.FakeMetricSource;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Unit;
import io.smartspec.slo.UnitConvention;
import io.smartspec.slo.source.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static io.smartspec.slo.Quantity.millis;
import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain numbers are read by the source's stated convention (never in the objective's unit), values that
 * cannot be right for their dimension are errors, and too few events are no data. The numbers here were
 * worked out by hand from the inputs.
 */
class UnitsAndImpossibleValuesTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

    private final SloEvaluator evaluator = SloEvaluator.withDefaults();

    private static FakeMetricSource prometheusLike(String query, double plainNumber) {
        return new FakeMetricSource().convention(UnitConvention.BASE_UNITS)
                .answer(query, Measurement.of(plainNumber, Unit.NUMBER));
    }

    private SloResult threshold(String objective, FakeMetricSource source) {
        return threshold(objective, source, null);
    }

    private SloResult threshold(String objective, FakeMetricSource source, Unit declared) {
        Slo.Builder b = Slo.named("m").metric("m", "q").objective(io.smartspec.slo.Objective.parse(objective));
        if (declared != null) {
            b.unit(declared);
        }
        return evaluator.evaluate("spec", b.build(), source, AT);
    }

    // --- plain numbers by convention ---

    @Test
    void aPlainNumberFromPrometheusAgainstMillisecondsIsSeconds() {
        // when vector(1.2) against < 250ms
        SloResult r = threshold("< 250ms", prometheusLike("q", 1.2));

        // then 1.2 s = 1200 ms, 950 ms over
        assertThat(r.status()).isEqualTo(Status.BREACHED);
        assertThat(r.observed()).contains(millis(1200));
        assertThat(r).hasToString("m: BREACHED — m = 1200 ms, objective < 250 ms (over by 950 ms); read as seconds "
                + "(fake's base units; declare unit: to say otherwise)");
    }

    @Test
    void aPlainNumberFromPrometheusAgainstAPercentageIsAFraction() {
        // when vector(0.05) against < 2%
        SloResult r = threshold("< 2%", prometheusLike("q", 0.05));

        // then 5 %, 3 % over
        assertThat(r.status()).isEqualTo(Status.BREACHED);
        assertThat(r.observed()).contains(percent(5));
        assertThat(r.marginInWords()).contains("over by 3 %");
    }

    @Test
    void anUptimeOfOneFromPrometheusIsAHundredPercent() {
        // when avg_over_time(up[1h]) = 1 against > 99.9%
        SloResult r = threshold("> 99.9%", prometheusLike("q", 1));

        // then
        assertThat(r.status()).isEqualTo(Status.MET);
        assertThat(r.observed()).contains(percent(100));
        assertThat(r.marginInWords()).contains("headroom 0.1 %");
    }

    @Test
    void anErrorRatioPrintsAsThePercentageItIs() {
        // when an error ratio of 0.0005 against < 0.1%
        SloResult r = threshold("< 0.1%", prometheusLike("q", 0.0005));

        // then 0.05 %, not 0.0005 %
        assertThat(r.observed()).contains(percent(0.05));
        assertThat(r.observed().orElseThrow()).hasToString("0.05 %");
        assertThat(r.status()).isEqualTo(Status.MET);
    }

    @Test
    void aDeclaredUnitWinsOverTheConvention() {
        // when a query that returns percent says so
        SloResult r = threshold("< 2%", prometheusLike("q", 5), Unit.PERCENT);

        // then
        assertThat(r.status()).isEqualTo(Status.BREACHED);
        assertThat(r.observed()).contains(percent(5));
        assertThat(r.detail()).isEmpty();
    }

    @Test
    void aFractionAboveOneIsAnErrorThatSaysWhichUnitToDeclare() {
        // when a query that returns a percentage (5) is read as a fraction
        SloResult r = threshold("< 2%", prometheusLike("q", 5));

        // then
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.observed()).isEmpty();
        assertThat(r.detail()).isEqualTo("'q' returned 5, which is not a fraction 0..1 (fake gives ratios as "
                + "fractions); if the query returns a percentage, declare unit: % for metric 'm'");
    }

    @ParameterizedTest(name = "{0} {1} against {2}")
    @CsvSource(delimiter = '|', textBlock = """
            -1     | s  | < 250ms | 'q' returned -1 s; a duration cannot be negative; check the query
            150    | %  | > 99.9% | 'q' returned 150 %, which is not a possible share (0..100 %); check the query
            -0.01  | ratio | < 2% | 'q' returned -0.01 as a fraction, which is not a possible share (0..100 %); check the query
            -3     | /s | > 1rps  | 'q' returned -3 /s; a rate of events cannot be negative; check the query
            """)
    void aValueThatCannotBeRightForItsDimensionIsAnError(double value, String unit, String objective, String why) {
        // given a source that gives the unit itself
        FakeMetricSource source = new FakeMetricSource().answer("q", Measurement.of(value, Unit.parse(unit)
                .orElseThrow()));

        // when
        SloResult r = threshold(objective, source);

        // then never MET -1000 ms or MET 150 %
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.detail()).isEqualTo(why);
    }

    // --- printing ---

    @Test
    void aValueBelowALowerBoundIsShortByNotOver() {
        // given 1 % against >= 99.9 %
        Slo slo = Slo.named("uptime").metric("uptime", "q").atLeast(percent(99.9)).build();
        FakeMetricSource source = new FakeMetricSource().answer("q", Measurement.of(1, Unit.PERCENT));

        // when
        SloResult r = evaluator.evaluate("spec", slo, source, AT);

        // then
        assertThat(r.marginInWords()).contains("short by 98.9 %");
        assertThat(r.toString()).contains("(short by 98.9 %)").doesNotContain("over by");
    }

    @Test
    void marginsCarryNoFloatingPointNoise() {
        // given 0.3 (a fraction) against < 40 %: 0.4 - 0.3 is 0.10000000000000003 in doubles
        FakeMetricSource source = new FakeMetricSource().answer("q", Measurement.of(0.3, Unit.FRACTION));

        // when
        SloResult r = threshold("< 40%", source);

        // then
        assertThat(r.margin().orElseThrow().value()).isEqualTo(10.0);
        assertThat(r.observed().orElseThrow().value()).isEqualTo(30.0);
    }

    @Test
    void aRatiosSliAndMarginCarryNoFloatingPointNoise() {
        // given 1 bad event in 2000 against 99.8 %: SLI 99.95 %, margin 0.15 %
        Slo slo = Slo.named("availability").ratio(bad("bad[{{window}}]"), total("total[{{window}}]"))
                .target(percent(99.8)).over(Duration.ofDays(30)).build();
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(2000, Unit.NUMBER))
                .answer("bad", Measurement.of(1, Unit.NUMBER));

        // when
        SloResult r = evaluator.evaluate("spec", slo, source, AT);

        // then
        assertThat(r.observed().orElseThrow().value()).isEqualTo(99.95);
        assertThat(r.margin().orElseThrow().value()).isEqualTo(0.15);
        assertThat(r.errorBudget().orElseThrow().remaining()).isEqualTo(0.75);
    }

    @Test
    void anExactlySpentBudgetIsZeroNotANoisyNegative() {
        // given 1 bad event in 1000 against 99.9 %: the whole budget, exactly
        Slo slo = Slo.named("availability").ratio(bad("bad[{{window}}]"), total("total[{{window}}]"))
                .target(percent(99.9)).over(Duration.ofDays(30)).build();
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(1000, Unit.NUMBER))
                .answer("bad", Measurement.of(1, Unit.NUMBER));

        // when
        SloResult r = evaluator.evaluate("spec", slo, source, AT);

        // then met at the bound (all budget spent: at risk), margin 0, no -0.0000000000000222
        assertThat(r.status()).isEqualTo(Status.AT_RISK);
        assertThat(r.margin().orElseThrow().value()).isEqualTo(0.0);
        assertThat(r.errorBudget().orElseThrow().remaining()).isEqualTo(0.0);
        assertThat(r.detail()).isEqualTo("0% of the error budget left");
    }

    // --- impossible counts ---

    private static Slo availability(Slo.EventsQuery events) {
        return Slo.named("availability").ratio(events, total("total[{{window}}]"))
                .target(percent(99)).over(Duration.ofDays(30)).build();
    }

    @Test
    void moreGoodEventsThanEventsIsAnErrorNamingTheQueries() {
        // given good = 150 of total = 100
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(100, Unit.NUMBER))
                .answer("good", Measurement.of(150, Unit.NUMBER));

        // when
        SloResult r = evaluator.evaluate("spec", availability(good("good[{{window}}]")), source, AT);

        // then never MET 100 %
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.detail()).isEqualTo("the good-events query 'good[30d]' counted 150 events, more than the 100 "
                + "of the total query 'total[30d]'; the good events must be a subset of the total");
    }

    @Test
    void aNegativeCountIsAnErrorNamingTheQuery() {
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(100, Unit.NUMBER))
                .answer("bad", Measurement.of(-5, Unit.NUMBER));

        SloResult r = evaluator.evaluate("spec", availability(bad("bad[{{window}}]")), source, AT);

        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.detail()).isEqualTo("the bad-events query 'bad[30d]' counted -5 events; a count cannot be "
                + "negative");
    }

    @ParameterizedTest(name = "good events {0}")
    @CsvSource({"empty", "NaN"})
    void anEmptyOrNaNGoodQueryIsNoDataNeverABreach(String answer) {
        // given 500 events, and a good query with no series or NaN
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(500, Unit.NUMBER));
        if (answer.equals("NaN")) {
            source.answer("good", new Measurement.Value(Quantity.number(Double.NaN)));
        }

        // when
        SloResult r = evaluator.evaluate("spec", availability(good("good[{{window}}]")), source, AT);

        // then
        assertThat(r.status()).isEqualTo(Status.NO_DATA);
        assertThat(r.observed()).isEmpty();
        assertThat(r.detail()).startsWith("the good-events query 'good[30d]' has no value (")
                .endsWith(") while the total counts 500 events");
    }

    @Test
    void aNaNBadQueryIsNoDataToo() {
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(500, Unit.NUMBER))
                .answer("bad", new Measurement.Value(Quantity.number(Double.NaN)));

        SloResult r = evaluator.evaluate("spec", availability(bad("bad[{{window}}]")), source, AT);

        assertThat(r.status()).isEqualTo(Status.NO_DATA);
        assertThat(r.detail()).isEqualTo("the bad-events query 'bad[30d]' has no value (the value is NaN, not a "
                + "number) while the total counts 500 events");
    }

    // --- minimum traffic ---

    @Test
    void aWindowWithTooFewEventsIsNoDataWithTheCount() {
        // given 3 events, all bad, against 99 % (at least 100 events by default)
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(3, Unit.NUMBER))
                .answer("bad", Measurement.of(3, Unit.NUMBER));

        // when
        SloResult r = evaluator.evaluate("spec", availability(bad("bad[{{window}}]")), source, AT);

        // then
        assertThat(r.status()).isEqualTo(Status.NO_DATA);
        assertThat(r.detail()).isEqualTo("3 of 100 events in the last 30d; too few to judge (min_events)");
    }

    @Test
    void theDeclaredMinimumApplies() {
        // given 3 events, all bad, with min_events 3
        Slo slo = Slo.named("availability").ratio(bad("bad[{{window}}]"), total("total[{{window}}]"))
                .target(percent(99)).over(Duration.ofDays(30)).minEvents(3).build();
        FakeMetricSource source = new FakeMetricSource().answer("total", Measurement.of(3, Unit.NUMBER))
                .answer("bad", Measurement.of(3, Unit.NUMBER));

        // then it is judged
        assertThat(evaluator.evaluate("spec", slo, source, AT).status()).isEqualTo(Status.BREACHED);
    }

    @Test
    void eachBurnRateWindowChecksItsOwnCount() {
        // given a fine month of 1,000,000 events, and in the last hour 50 events, all bad
        FakeMetricSource source = new FakeMetricSource()
                .answer("total", q -> Measurement.of(q.window().orElseThrow().compareTo(Duration.ofHours(1)) <= 0
                        ? 50 : 1_000_000, Unit.NUMBER))
                .answer("bad", q -> Measurement.of(50, Unit.NUMBER));

        // when
        SloResult r = evaluator.evaluate("spec", availability(bad("bad[{{window}}]")), source, AT);

        // then the 5m, 30m and 1h windows (50 < 100 events) are not judged: no page on 50 events
        assertThat(r.burnRates()).extracting(b -> io.smartspec.slo.Windows.format(b.window()))
                .containsExactly("2h", "6h", "1d", "3d");
        assertThat(r.firing()).isEmpty();
        assertThat(r.status()).isEqualTo(Status.MET);
    }

    @ParameterizedTest(name = "{0} needs {1} events")
    @CsvSource({"50, 2", "90, 10", "99, 100", "99.5, 200", "99.9, 1000", "99.95, 2000", "99.99, 10000",
            "99.999, 100000"})
    void theDefaultMinimumIsTheFewestEventsAtWhichOneBadEventCannotBreach(double target, long expected) {
        // then
        assertThat(Slo.defaultMinEvents(percent(target))).isEqualTo(expected);
        Slo slo = Slo.named("a").ratio(good("g"), total("t")).target(percent(target)).build();
        assertThat(slo.minEvents()).isEqualTo(expected);
        // one bad event in that many keeps the SLI at or above target; in one fewer it would not
        assertThat(1 - 1.0 / expected).isGreaterThanOrEqualTo(target / 100 - 1e-12);
        assertThat(1 - 1.0 / (expected - 1)).isLessThan(target / 100);
    }
}
