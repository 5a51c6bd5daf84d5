package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusRulesTest {

    private final RuleFile rules = PrometheusRules.forSpec(Checkout.slos()).build();

    private RuleFile.Alert alert(String slo, String severity) {
        return rules.alerts().stream()
                .filter(a -> a.labels().get("slo").equals(slo) && a.labels().get("severity").equals(severity))
                .findFirst().orElseThrow();
    }

    @Test
    void everyRatioSloRecordsItsErrorRatioOverEveryWindowAndItsPeriod() {
        List<String> windows = rules.recordings().stream()
                .filter(r -> r.labels().get("slo").equals("success-rate") && r.record().startsWith("slo:sli_error:ratio"))
                .map(r -> r.labels().get("window")).toList();
        assertThat(windows).containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d", "7d");
    }

    @Test
    void everyAlertCarriesSloSpecPriorityAndSeverity() {
        assertThat(rules.alerts()).isNotEmpty().allSatisfy(a ->
                assertThat(a.labels()).containsKeys("slo", "spec_id", "priority", "severity"));
        assertThat(alert("availability", "page").labels()).containsEntry("spec_id", "checkout").containsEntry("priority", "P1");
    }

    @Test
    void burnRateFactorsAreScaledToThePeriod() {
        // 7d: 2% in 1h is 0.02 * 168 = 3.36x, of a 1% budget
        assertThat(alert("success-rate", "page").expr()).contains("> (3.36 * 0.01)").contains("> (1.4 * 0.01)");
        assertThat(alert("success-rate", "ticket").expr()).contains("> (0.7 * 0.01)");
        // 30d: the Workbook's 14.4x and 6x of a 0.1% budget
        assertThat(alert("availability", "page").expr()).contains("> (14.4 * 0.001)").contains("> (6 * 0.001)");
    }

    @Test
    void thresholdAlertsPageForP0AndP1AndTicketOtherwise() {
        assertThat(alert("p99-latency", "page").labels()).containsEntry("priority", "P0");
        assertThat(alert("queue-depth", "ticket").labels()).containsEntry("priority", "P3");
    }

    @Test
    void thresholdAlertsFireWhenTheObjectiveIsMissedInTheQueryUnit() {
        // < 200 ms on a query declared in seconds: missed at >= 0.2
        assertThat(alert("p99-latency", "page").expr()).endsWith(" >= 0.2");
        // <= 100: missed above 100
        assertThat(alert("queue-depth", "ticket").expr()).isEqualTo("(max(checkout_queue_depth)) > 100");
        assertThat(alert("queue-depth", "ticket").forDuration()).contains(Duration.ofMinutes(5));
    }

    @Test
    void theForOfThresholdAlertsIsConfigurable() {
        RuleFile custom = PrometheusRules.forSpec(Checkout.slos()).thresholdAlertsFor(Duration.ofMinutes(15)).build();
        assertThat(custom.alerts()).filteredOn(a -> a.alert().endsWith("ThresholdMissed"))
                .allSatisfy(a -> assertThat(a.forDuration()).contains(Duration.ofMinutes(15)));
    }

    @Test
    void annotationsCarryASummaryTheCurrentValueAndTheRunbook() {
        RuleFile.Alert page = alert("availability", "page");
        assertThat(page.annotations()).containsEntry("runbook_url", "https://runbooks.example/checkout-availability")
                .containsKey("summary");
        assertThat(page.annotations().get("description")).contains("{{ $value | humanizePercentage }}");
        assertThat(alert("queue-depth", "ticket").annotations()).doesNotContainKey("runbook_url");
    }

    private RuleFile.Recording recording(RuleFile file, String slo, String record) {
        return file.recordings().stream().filter(r -> r.labels().get("slo").equals(slo) && r.record().equals(record))
                .findFirst().orElseThrow(() -> new AssertionError("no " + record + " for " + slo));
    }

    @Test
    void aLatencySloCountsAsBadTheRequestsAboveItsBucket() {
        assertThat(recording(rules, "fast-checkout", "slo:sli_error:increase5m").expr())
                .isEqualTo("""
                        clamp_min(
                        sum(increase(http_request_duration_seconds_count{job="checkout"}[5m]))
                        -
                        (sum(increase(http_request_duration_seconds_bucket{job="checkout",le=~"0\\\\.30*"}[5m])) or vector(0))
                        , 0)
                        """);
        assertThat(recording(rules, "fast-checkout", "slo:sli_total:increase5m").expr())
                .isEqualTo("sum(increase(http_request_duration_seconds_count{job=\"checkout\"}[5m]))\n");
    }

    @Test
    void theErrorRatioOfAWindowIsItsBadEventsOverItsEventsAndAbsentWithoutEvents() {
        // given an SLO that judges any number of events
        SloSet slos = SloSet.named("checkout").slo("availability", s -> s
                .ratio(io.smartspec.slo.Slo.bad("http_requests_total{code=\"500\"}"),
                        io.smartspec.slo.Slo.total("http_requests_total"))
                .target(Quantity.percent(99.9)).over(Duration.ofDays(30)).minEvents(0)).build();
        // when
        RuleFile file = PrometheusRules.forSpec(slos).build();
        // then: bad events with no series (no 5xx yet) are 0, not "no ratio"
        assertThat(recording(file, "availability", "slo:sli_error:increase1h").expr()).endsWith(") or vector(0)\n");
        // 0/0 would be NaN: a window without events has no ratio, as in the evaluator
        assertThat(recording(file, "availability", "slo:sli_error:ratio_rate1h").expr()).isEqualTo("""
                slo:sli_error:increase1h{spec_id="checkout", slo="availability"}
                /
                (slo:sli_total:increase1h{spec_id="checkout", slo="availability"} > 0)
                """);
        // and no alert waits for a number of events
        assertThat(file.alerts()).allSatisfy(a -> assertThat(a.expr()).doesNotContain("sli_total"));
    }

    @Test
    void thePeriodRatioCountsTheEventsOfThePeriodNotATimeAverageOfRatios() {
        // a time average of the 5m ratio is NaN for the whole period after one idle 5 minutes, and weighs
        // a quiet night's 5 minutes as much as a busy noon's
        assertThat(recording(rules, "availability", "slo:sli_total:increase30d").expr())
                .isEqualTo("sum(increase(http_requests_total{job=\"checkout\"}[30d]))\n");
        assertThat(recording(rules, "availability", "slo:sli_error:ratio_rate30d").expr())
                .startsWith("slo:sli_error:increase30d{").doesNotContain("_over_time");
    }

    @Test
    void aOneHourSloRecordsAndAlertsOnlyOnWindowsThatFitInTheHourAsTheEvaluator() {
        // given
        SloSet slos = SloSet.named("checkout").slo("hourly", s -> s
                .ratio(io.smartspec.slo.Slo.bad("http_requests_total{code=\"500\"}"),
                        io.smartspec.slo.Slo.total("http_requests_total"))
                .target(Quantity.percent(99)).over(Duration.ofHours(1))).build();
        // when
        RuleFile file = PrometheusRules.forSpec(slos).build();
        // then: 5m, 30m, 1h; no 6h/30m page, no 1d/2h or 3d/6h ticket
        assertThat(file.recordings()).filteredOn(r -> r.record().startsWith("slo:sli_error:ratio"))
                .extracting(r -> r.labels().get("window")).containsExactly("5m", "30m", "1h");
        assertThat(file.alerts()).singleElement().satisfies(a -> {
            assertThat(a.labels()).containsEntry("severity", "page");
            assertThat(a.expr()).contains("ratio_rate5m").contains("ratio_rate1h").doesNotContain("ratio_rate30m")
                    .doesNotContain("ratio_rate6h");
        });
    }

    @Test
    void minEventsGuardsEveryWindowOfEveryAlertPairAndEveryRatio() {
        // given
        SloSet slos = SloSet.named("checkout").slo("guarded", s -> s
                .ratio(io.smartspec.slo.Slo.bad("http_requests_total{code=\"500\"}"),
                        io.smartspec.slo.Slo.total("http_requests_total"))
                .target(Quantity.percent(99.9)).over(Duration.ofDays(30)).minEvents(100)).build();
        // when
        RuleFile file = PrometheusRules.forSpec(slos).build();
        // then
        RuleFile.Alert page = file.alerts().stream().filter(a -> a.labels().get("severity").equals("page"))
                .findFirst().orElseThrow();
        for (String w : List.of("5m", "1h", "30m", "6h")) {
            assertThat(page.expr()).contains("max(slo:sli_total:increase" + w
                    + "{spec_id=\"checkout\", slo=\"guarded\"} >= 100) without (window)");
        }
        assertThat(recording(file, "guarded", "slo:sli_error:ratio_rate30d").expr()).contains(" >= 100)");
    }

    @Test
    void aThresholdSloRecordsItsQueryValue() {
        assertThat(recording(rules, "queue-depth", "slo:sli:value").expr()).isEqualTo("max(checkout_queue_depth)\n");
    }

    @Test
    void aSpecWhoseProviderDoesNotSpeakPromQlIsRefusedSayingWhy() {
        // given a spec read through Micrometer: its queries are meter references, not PromQL
        SloSet slos = SloSet.named("checkout").slo("p99", s -> s.metric("latency",
                "checkout.requests{outcome=SUCCESS} p99").below(Duration.ofMillis(250))).build();
        io.smartspec.slo.spec.LoadedSpec spec = new io.smartspec.slo.spec.LoadedSpec("checkout", slos,
                io.smartspec.slo.config.ObservabilityConfig.parse("specs/checkout/observability.yaml",
                        "provider: micrometer\n", java.util.Map.of()), List.of());
        // when / then
        assertThatThrownBy(() -> PrometheusRules.forSpec(spec).generate())
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining("specs/checkout/observability.yaml")
                .hasMessageContaining("provider: 'micrometer' does not speak PromQL")
                .hasMessageContaining("[prometheus]");
        assertThat(PrometheusRules.speaksPromQl("prometheus")).isTrue();
        assertThat(PrometheusRules.speaksPromQl("datadog")).isFalse();
    }

    @Test
    void extraLabelsAndSloLabelsLandOnEveryRule() {
        SloSet slos = SloSet.named("checkout").slo("queue", s -> s.metric("q", "max(q)").below(Quantity.number(5))
                .label("team", "payments").priority(Priority.P2)).build();
        RuleFile file = PrometheusRules.forSpec(slos).withLabel("env", "prod").build();
        assertThat(file.rules()).allSatisfy(r -> assertThat(r.labels()).containsEntry("env", "prod")
                .containsEntry("team", "payments"));
    }

    @Test
    void badLabelNamesAreAllReportedAtOnce() {
        SloSet slos = SloSet.named("checkout").slo("queue", s -> s.metric("q", "max(q)").below(Quantity.number(5))
                .label("team-name", "payments")).build();
        assertThatThrownBy(() -> PrometheusRules.forSpec(slos).withLabel("severity", "x").withLabel("1env", "y").build())
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining("extra label 'severity': reserved")
                .hasMessageContaining("extra label '1env': not a Prometheus label name")
                .hasMessageContaining("slo 'queue': label 'team-name': not a Prometheus label name");
    }

    @Test
    void aLatencySloWhoseQueryCannotPlaceItsThresholdIsRefused() {
        SloSet slos = SloSet.named("checkout").slo("fast", s -> s.latency("lat", "sum(rate(x_count[{{window}}]))")
                .fasterThan(Duration.ofMillis(300)).target(Quantity.percent(99))).build();
        assertThatThrownBy(() -> PrometheusRules.forSpec(slos).build())
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining("slo 'fast': latency: the query of a latency SLO must be a histogram's name");
    }

    @Test
    void theYamlReadsBackAsTheModel() throws Exception {
        JsonNode yaml = new YAMLMapper().readTree(rules.toYaml());
        assertThat(yaml.path("groups")).hasSize(rules.groups().size());
        JsonNode first = yaml.path("groups").get(0).path("rules").get(0);
        assertThat(first.path("record").asText()).isEqualTo(rules.recordings().get(0).record());
        assertThat(first.path("expr").asText()).isEqualTo(rules.recordings().get(0).expr());
        assertThat(yaml.toString()).contains("\"objective\":\"99.9\"");
    }

    @Test
    void withoutAlertsThereAreOnlyRecordingsAndWithoutRecordingsOnlyAlerts() {
        assertThat(PrometheusRules.forSpec(Checkout.slos()).withoutAlerts().build().alerts()).isEmpty();
        assertThat(PrometheusRules.forSpec(Checkout.slos()).withoutRecordings().build().recordings()).isEmpty();
    }
}
