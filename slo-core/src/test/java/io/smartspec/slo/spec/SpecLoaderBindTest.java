package io.smartspec.slo.spec;

import io.smartspec.slo.SpecFixtures;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Operator;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Unit;
import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.MonitorSettings;
import io.smartspec.slo.config.ObservabilityConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.smartspec.slo.SpecFixtures.md;
import static org.assertj.core.api.Assertions.assertThat;

class SpecLoaderBindTest {

    /** The seed's observability.yaml, as the YAML loader would read it (lines 4 and 6 of the file). */
    private static final ObservabilityConfig SEED_CONFIG = new ObservabilityConfig("observability.yaml", "datadog",
            ConfigSection.empty("observability.yaml"), MonitorSettings.none(), List.of(
            binding("api_latency_p99", 4, "avg:trace.rack.request.duration{service:my-api,env:prod}.p99", null,
                    null, null, null),
            binding("api_error_rate", 6, "sum:trace.rack.request.errors{service:my-api,env:prod}.as_rate()", null,
                    null, null, null)),
            List.of());

    /** A threshold binding with a query, else a ratio of good or bad events. */
    private static MetricBinding binding(String name, int line, String query, String good, String bad, String total,
                                         Unit unit) {
        ConfigSection none = ConfigSection.empty("observability.yaml");
        if (query != null) {
            return new MetricBinding.Threshold(name, line, query, Optional.ofNullable(unit), none);
        }
        return new MetricBinding.Ratio(name, line, good != null ? Slo.good(good) : Slo.bad(bad), Slo.total(total),
                java.util.OptionalLong.empty(), none);
    }

    private static ObservabilityConfig config(MetricBinding... metrics) {
        return new ObservabilityConfig("observability.yaml", "prometheus", ConfigSection.empty("observability.yaml"),
                MonitorSettings.none(), List.of(metrics), List.of());
    }

    private static NfrTable nfr(String... rows) {
        String[] lines = new String[rows.length + 3];
        lines[0] = "## NFR";
        lines[1] = "| Category | Requirement | Metric | Target | Window | Priority |";
        lines[2] = "|---|---|---|---|---|---|";
        System.arraycopy(rows, 0, lines, 3, rows.length);
        return NfrTable.parse("spec.md", md(lines));
    }

    @Test
    void theSeedsSpecBindsToTheSeedsConfigurationAndTheUnboundMetricIsAnErrorForItsSloOnly() {
        // given the seed: three NFR rows, but only two metrics in observability.yaml
        NfrTable table = NfrTable.parse("spec.md", SpecFixtures.text("seed/spec.md"));

        // when
        LoadedSpec spec = SpecLoader.bind(table, SEED_CONFIG, "spec-core-001-authentication");

        // then the two bound rows are SLOs
        assertThat(spec.specId()).isEqualTo("spec-core-001-authentication");
        assertThat(spec.slos().name()).isEqualTo("spec-core-001-authentication");
        assertThat(spec.slos().slos()).extracting(Slo::name).containsExactly("api_latency_p99", "api_error_rate");
        Slo latency = spec.slos().find("api_latency_p99").orElseThrow();
        assertThat(latency.indicator()).isEqualTo(new Indicator.Threshold("api_latency_p99",
                "avg:trace.rack.request.duration{service:my-api,env:prod}.p99", Optional.empty()));
        assertThat(latency.objective()).isEqualTo(Objective.of(Operator.LESS_THAN, Quantity.millis(200)));
        assertThat(latency.description()).isEqualTo("p99 Latency");
        assertThat(latency.priority()).isEqualTo(Priority.P2);
        assertThat(latency.labels()).isEqualTo(Map.of("category", "Performance", "requirement", "p99 Latency"));
        assertThat(latency.window()).isEmpty();
        // and the unbound row is one error, naming what to add
        assertThat(spec.isValid()).isFalse();
        assertThat(spec.errors()).extracting(Problem::toString).containsExactly(
                "spec.md:7: api_uptime: no metric named 'api_uptime' in observability.yaml; add it under metrics: "
                        + "with a query (- name: api_uptime, query: ...) or, for a ratio, a good_query or bad_query "
                        + "and a total_query");
    }

    @Test
    void aMetricWithAQueryBecomesAThresholdSloInTheMetricsUnit() {
        // given
        NfrTable table = nfr("| Performance | p99 Latency | `latency_p99` | < 200ms | | P1 |");
        ObservabilityConfig config = config(binding("latency_p99", 3,
                "histogram_quantile(0.99, sum by (le) (rate(http_seconds_bucket[5m])))", null, null, null,
                Unit.SECONDS));

        // when
        LoadedSpec spec = SpecLoader.bind(table, config, "checkout");

        // then
        assertThat(spec.problems()).isEmpty();
        Slo slo = spec.slos().find("latency_p99").orElseThrow();
        assertThat(slo.indicator()).isEqualTo(new Indicator.Threshold("latency_p99",
                "histogram_quantile(0.99, sum by (le) (rate(http_seconds_bucket[5m])))", Optional.of(Unit.SECONDS)));
        assertThat(slo.priority()).isEqualTo(Priority.P1);
    }

    @Test
    void aMetricWithGoodAndTotalQueriesBecomesAnEventsRatioOverTheRowsWindow() {
        // given
        NfrTable table = nfr("| Availability | Successful checkouts | `availability` | ≥ 99.95 % | 28d | P0 |");
        ObservabilityConfig config = config(binding("availability", 3, null,
                "sum(rate(http_requests_total{code!~\"5..\"}[{{window}}]))", null,
                "sum(rate(http_requests_total[{{window}}]))", null));

        // when
        LoadedSpec spec = SpecLoader.bind(table, config, "checkout");

        // then
        assertThat(spec.problems()).isEmpty();
        Slo slo = spec.slos().find("availability").orElseThrow();
        assertThat(slo.indicator()).isEqualTo(new Indicator.EventsRatio("availability", Indicator.Events.GOOD,
                "sum(rate(http_requests_total{code!~\"5..\"}[{{window}}]))",
                "sum(rate(http_requests_total[{{window}}]))"));
        assertThat(slo.objective()).isEqualTo(Objective.atLeast(Quantity.percent(99.95)));
        assertThat(slo.window()).contains(SloWindow.rolling(Duration.ofDays(28)));
        assertThat(slo.priority()).isEqualTo(Priority.P0);
    }

    @Test
    void aRatioWithoutAWindowIsOverThirtyDays() {
        // given
        NfrTable table = nfr("| Availability | Uptime | `uptime` | > 99.9% | | |");
        ObservabilityConfig config = config(binding("uptime", 3, null, "good", null, "total", null));

        // when
        Slo slo = SpecLoader.bind(table, config, "checkout").slos().find("uptime").orElseThrow();

        // then
        assertThat(slo.window()).contains(SloWindow.rolling(Duration.ofDays(30)));
    }

    @Test
    void anErrorRateBoundedFromAboveKeepsTheShareOfGoodEventsAboveTheRest() {
        // given "error rate < 0.1%" read from bad events over all events
        NfrTable table = nfr("| Reliability | Error Rate | `api_error_rate` | < 0.1% | | |");
        ObservabilityConfig config = config(binding("api_error_rate", 3, null, null,
                "sum(rate(http_requests_total{code=~\"5..\"}[{{window}}]))",
                "sum(rate(http_requests_total[{{window}}]))", null));

        // when
        Slo slo = SpecLoader.bind(table, config, "checkout").slos().find("api_error_rate").orElseThrow();

        // then
        assertThat(slo.indicator()).isInstanceOfSatisfying(Indicator.EventsRatio.class,
                r -> assertThat(r.events()).isEqualTo(Indicator.Events.BAD));
        assertThat(slo.objective()).isEqualTo(Objective.atLeast(Quantity.percent(99.9)));
    }

    @Test
    void bindingProblemsAreErrorsForTheirSloOnlyAndTheOthersStillLoad() {
        // given
        NfrTable table = nfr(
                "| Performance | p99 Latency | `latency_p99` | < 200ms | | |",          // line 4
                "| Availability | Uptime | `uptime` | > 99.9% | | |",                   // line 5
                "| Availability | Checkouts | `checkouts` | > 99.9% | | |",             // line 6
                "| Availability | Logins | `logins` | > 99.9% | | |",                   // line 7
                "| Availability | Payments | `payments` | > 99.9% | | |",               // line 8
                "| Availability | Refunds | `refunds` | > 99.9% | | |",                 // line 9
                "| Reliability | Errors | `errors` | < 200ms | | |");                   // line 10
        ObservabilityConfig config = config(
                binding("latency_p99", 3, "q", null, null, null, null),
                binding("errors", 15, null, null, "bad", "total", null));

        // when
        LoadedSpec spec = SpecLoader.bind(table, config, "checkout");

        // then
        assertThat(spec.slos().slos()).extracting(Slo::name).containsExactly("latency_p99");
        assertThat(spec.errors()).extracting(Problem::toString).contains(
                "spec.md:10: errors: target < 200 ms is not a percentage, but observability.yaml:15 reads the metric as "
                        + "a ratio of events (bad_query/total_query); expected a target such as >= 99.9%, or a query: "
                        + "for a threshold");
    }

    @Test
    void aTargetThatCannotBeComparedWithTheMetricsUnitIsAnErrorAtTheRowsLine() {
        // given a row in milliseconds bound to a query that returns a percentage
        NfrTable table = nfr("| Performance | p99 Latency | `latency_p99` | < 200ms | | |");
        ObservabilityConfig config = config(binding("latency_p99", 3, "q", null, null, null, Unit.PERCENT));

        // when
        LoadedSpec spec = SpecLoader.bind(table, config, "checkout");

        // then
        assertThat(spec.slos().size()).isZero();
        assertThat(spec.errors()).extracting(Problem::toString).containsExactly(
                "spec.md:4: slo 'latency_p99': objective: cannot compare 200 ms (a duration (ns, us, ms, s, min, h)) "
                        + "with the metric's unit % (a percentage (99.9%) or a fraction)");
    }

    @Test
    void aMetricOfTheConfigurationThatNoRowUsesIsAWarning() {
        // given
        NfrTable table = nfr("| Performance | p99 Latency | `latency_p99` | < 200ms | | |");
        ObservabilityConfig config = config(binding("latency_p99", 3, "q", null, null, null, null),
                binding("queue_depth", 5, "q2", null, null, null, null));

        // when
        LoadedSpec spec = SpecLoader.bind(table, config, "checkout");

        // then
        assertThat(spec.isValid()).isTrue();
        assertThat(spec.warnings()).extracting(Problem::toString).filteredOn(w -> !w.contains("declares no unit")).containsExactly(
                "observability.yaml:5: metric 'queue_depth' is not the metric of any NFR row of spec.md; "
                        + "it is not monitored");
    }

    @Test
    void theSpecsWarningsComeFirstAndRunbooksBecomeTheSlosRunbook() {
        // given the checkout spec: a row without metric, a runbook on the availability row
        NfrTable table = NfrTable.parse(SpecFixtures.path("checkout/spec.md"));
        ObservabilityConfig config = config(
                binding("checkout_latency_p99", 2, "q1", null, null, null, Unit.SECONDS),
                binding("checkout_throughput", 4, "q2", null, null, null, Unit.PER_SECOND),
                binding("checkout_availability", 6, null, "good", null, "total", null),
                binding("checkout_error_rate", 10, "q4", null, null, null, Unit.PERCENT));

        // when
        LoadedSpec spec = SpecLoader.bind(table, config, "checkout");

        // then
        assertThat(spec.slos().slos()).extracting(Slo::name).containsExactly("checkout_latency_p99",
                "checkout_throughput", "checkout_availability", "checkout_error_rate");
        // (checkout_error_rate is bound to a threshold query here, so its 7d window does nothing, and says so)
        assertThat(spec.problems()).extracting(Problem::message)
                .containsExactly("'Encrypt data at rest' has no metric; skipped", "checkout_error_rate: Window '7d' "
                        + "has no effect on a threshold, whose current value is judged; add a Budget such as '99% of "
                        + "1m slices' to count it over the window");
        assertThat(spec.slos().find("checkout_availability").orElseThrow().runbook())
                .contains("https://runbooks.example.com/checkout/availability");
        assertThat(spec.slos().find("checkout_error_rate").orElseThrow().window()).contains(SloWindow.rolling(Duration.ofDays(7)));
    }

    @Test
    void theSpecIdIsTheNameOfTheDirectoryHoldingSpecMd() {
        // when / then
        assertThat(SpecLoader.specId(Path.of("specs", "spec-core-001-authentication", "spec.md")))
                .isEqualTo("spec-core-001-authentication");
    }
}
