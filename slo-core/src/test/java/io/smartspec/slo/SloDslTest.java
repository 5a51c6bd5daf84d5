package io.smartspec.slo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static io.smartspec.slo.Quantity.millis;
import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static io.smartspec.slo.Windows.days;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SloDslTest {

    @Test
    void theSeedsNfrTableReadsAsSentences() {
        // when
        SloSet slos = SloSet.named("spec-core-001-authentication")
                .slo("p99-latency", s -> s.metric("api_latency_p99").below(Duration.ofMillis(200)).priority(Priority.P1))
                .slo("error-rate", s -> s.metric("api_error_rate").below(percent(0.1)))
                .slo("uptime", s -> s.metric("api_uptime").above(percent(99.9)))
                .build();

        // then
        assertThat(slos.slos()).extracting(Slo::toString).containsExactly(
                "p99-latency: api_latency_p99 < 200 ms (P1)",
                "error-rate: api_error_rate < 0.1 % (P2)",
                "uptime: api_uptime > 99.9 % (P2)");
        assertThat(slos.find("p99-latency").map(Slo::indicator)).containsInstanceOf(Indicator.Threshold.class);
        assertThat(slos.find("uptime").map(Slo::priority)).contains(Priority.DEFAULT);
    }

    @Test
    void aRatioSloHasATargetOverAWindow() {
        // when
        Slo slo = Slo.named("availability")
                .ratio(good("sum(rate(ok[{{window}}]))"), total("sum(rate(all[{{window}}]))"))
                .target(percent(99.9)).over(days(28))
                .build();

        // then
        assertThat(slo.objective()).isEqualTo(Objective.atLeast(percent(99.9)));
        assertThat(slo.windowOrDefault()).isEqualTo(SloWindow.rolling(Duration.ofDays(28)));
        assertThat(slo.indicator()).isEqualTo(new Indicator.EventsRatio("availability", Indicator.Events.GOOD,
                "sum(rate(ok[{{window}}]))", "sum(rate(all[{{window}}]))"));
        assertThat(slo.indicator().hasErrorBudget()).isTrue();
        assertThat(slo).hasToString("availability: availability >= 99.9 % over 28d (P2)");
    }

    @Test
    void aRatioWithoutWindowUses30Days() {
        Slo slo = Slo.named("errors").ratio(bad("5xx"), total("all")).target(percent(99)).build();
        assertThat(slo.window()).isEmpty();
        assertThat(slo.windowOrDefault()).isEqualTo(SloWindow.rolling(Duration.ofDays(30)));
    }

    @Test
    void aLatencyRatioCountsRequestsFasterThanAThreshold() {
        Slo slo = Slo.named("fast").latency("http.server.requests").fasterThan(Duration.ofMillis(300))
                .target(percent(99)).build();
        assertThat(slo.indicator()).isEqualTo(new Indicator.LatencyRatio("http.server.requests",
                "http.server.requests", millis(300)));
    }

    @Test
    void everyProblemOfEverySloIsReportedAtOnceNamingTheSloAndTheField() {
        // given
        SloSet.Builder set = SloSet.named("checkout")
                .slo("no indicator", s -> s.below(millis(200)))
                .slo("latency", s -> s.metric("api_latency_p99"))
                .slo("ratio", s -> s.ratio(good("ok"), total("all")).target(millis(200)))
                .slo("both", s -> s.metric("m").latency("t").fasterThan(millis(100)).target(percent(99)))
                .slo("big", s -> s.ratio(good("ok"), total("all")).target(percent(100)))
                .slo("twice", s -> s.metric("m").below(millis(1)))
                .slo("twice", s -> s.metric("m").below(millis(2)));

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, set::build);

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "slo 'no indicator': name: must start with a letter or digit and contain only letters, digits, "
                        + "'_', '.', ':' and '-'",
                "slo 'no indicator': indicator: missing; use metric(...), ratio(good|bad(...), total(...)) or "
                        + "latency(...)",
                "slo 'latency': objective: missing; e.g. below(Duration.ofMillis(200)) or atLeast(percent(99.9))",
                "slo 'ratio': target: 200 ms is not a percentage; expected e.g. 99.9%",
                "slo 'both': indicator: more than one of metric(...), ratio(...) and latency(...); an SLO "
                        + "measures exactly one",
                "slo 'big': target: 100 % must be between 0% and 100% (exclusive)",
                "slo 'twice': name: defined more than once in 'checkout'");
        assertThat(e.getMessage()).startsWith("7 problems found:\n  slo 'no indicator': name: ");
    }

    @Test
    void aDurationObjectiveOnAPercentageMetricIsAnError() {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> Slo.named("error-rate")
                .metric("api_error_rate").unit(Unit.PERCENT).below(Duration.ofMillis(200)).build());

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "slo 'error-rate': objective: cannot compare 200 ms (a duration (ns, us, ms, s, min, h)) with the "
                        + "metric's unit % (a percentage (99.9%) or a fraction)");
    }

    @Test
    void misusesOfTheBuilderAreProblemsToo() {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> Slo.named("x")
                .metric("m").below(millis(200)).above(millis(100)).target(percent(99)).over(Duration.ZERO)
                .build());

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "slo 'x': objective: set twice (< 200 ms, then > 100 ms)",
                "slo 'x': window: PT0S must be positive",
                "slo 'x': target: only ratio SLOs and time slices take a target; use below/above(...) for a "
                        + "threshold, or timeslices(...) to give it an error budget");
    }

    @Test
    void aLatencyThresholdMustBeADuration() {
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> Slo.named("fast")
                .latency("t").fasterThan(percent(5)).target(percent(99)).build());
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "slo 'fast': latency: threshold 5 % is not a duration; expected a duration (ns, us, ms, s, min, h)");
    }

    @Test
    void theConstructorEnforcesTheBuildersInvariantsToo() {
        // given a valid SLO
        Slo valid = Slo.named("availability").ratio(good("ok"), total("all")).target(percent(99.9)).build();

        // then the same values with a bad name, window or target are refused by the constructor
        assertThatThrownBy(() -> new Slo("bad name", "", valid.indicator(), valid.objective(), valid.window(),
                valid.priority(), valid.labels(), valid.runbook(), 0, Budgeting.OCCURRENCES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slo 'bad name': name: must start with a letter or digit and contain only letters, "
                        + "digits, '_', '.', ':' and '-'");
        assertThatThrownBy(() -> SloWindow.rolling(Duration.ZERO))
                .hasMessage("window: PT0S must be positive");
        assertThatThrownBy(() -> new Slo("availability", "", valid.indicator(), Objective.of(Operator.LESS_THAN, millis(200)),
                valid.window(), valid.priority(), valid.labels(), valid.runbook(), 0, Budgeting.OCCURRENCES))
                .hasMessageContaining("slo 'availability': target: 200 ms must be a percentage");
    }
}
