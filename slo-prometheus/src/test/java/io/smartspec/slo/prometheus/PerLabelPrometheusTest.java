package io.smartspec.slo.prometheus;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.prometheus.internal.PromQl;
import io.smartspec.slo.source.GroupedMeasurement;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a per-label SLO's queries are grouped, answered and written into rules. */
class PerLabelPrometheusTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void everyAggregationOfTheQueryIsGroupedByTheLabels() {
        assertThat(PromQl.groupedBy("sum(rate(x_total[5m])) / sum(rate(y_total[5m]))", List.of("route")))
                .isEqualTo("sum by (route) (rate(x_total[5m])) / sum by (route) (rate(y_total[5m]))");
        assertThat(PromQl.groupedBy("histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))", List.of("route")))
                .isEqualTo("histogram_quantile(0.99, sum by (le, route) (rate(h_bucket[5m])))");
        // a sum over something named like an aggregation is not one
        assertThat(PromQl.groupedBy("sum(my_sum_total)", List.of("route", "tenant")))
                .isEqualTo("sum by (route, tenant) (my_sum_total)");
    }

    @Test
    void aQueryGroupingInTheSuffixFormIsLeftAsWritten() {
        assertThat(PromQl.groupedBy("sum(rate(x_total[5m])) by (route)", List.of("route")))
                .isEqualTo("sum(rate(x_total[5m])) by (route)");
    }

    private static String vector(String... routesAndValues) {
        StringBuilder s = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        for (int i = 0; i < routesAndValues.length; i += 2) {
            s.append(i == 0 ? "" : ",").append("{\"metric\":{").append(routesAndValues[i]).append("},\"value\":[1795380000,\"")
                    .append(routesAndValues[i + 1]).append("\"]}");
        }
        return s.append("]}}").toString();
    }

    @Test
    void aVectorIsAMeasurementPerLabelValueAndTheQuerySentIsGrouped() {
        try (FakePrometheus fake = new FakePrometheus().answer(new FakePrometheus.Answer(200,
                vector("\"route\":\"/pay\"", "1000", "\"route\":\"/cart\"", "2000")));
             PrometheusSource source = PrometheusSource.at(fake.url()).withoutRetries().build()) {
            // when
            GroupedMeasurement m = source.queryGrouped(MetricQuery.events("requests", "http_requests_total",
                    Duration.ofDays(30), AT), List.of("route"));

            // then
            assertThat(fake.requests.get(0).params().get("query"))
                    .isEqualTo("sum by (route) (increase(http_requests_total[30d]))");
            assertThat(m).isEqualTo(GroupedMeasurement.perLabels(Map.of(
                    Map.of("route", "/pay"), Measurement.of(Quantity.number(1000)),
                    Map.of("route", "/cart"), Measurement.of(Quantity.number(2000)))));
        }
    }

    @Test
    void aSeriesWithoutTheLabelFailsTheQuerySayingHowToGroupIt() {
        try (FakePrometheus fake = new FakePrometheus().answer(new FakePrometheus.Answer(200,
                vector("\"route\":\"/pay\"", "1", "\"job\":\"api\"", "2")));
             PrometheusSource source = PrometheusSource.at(fake.url()).withoutRetries().build()) {
            // when
            GroupedMeasurement m = source.queryGrouped(MetricQuery.value("p99", "max(x)", AT), List.of("route"));

            // then
            assertThat(m).isInstanceOfSatisfying(GroupedMeasurement.Whole.class, w -> assertThat(
                    ((Measurement.Failed) w.measurement()).message()).isEqualTo("a series of 'max by (route) (x)' has no "
                    + "label route ({job=\"api\"}); keep it through every aggregation, e.g. sum by (route) (...)"));
        }
    }

    @Test
    void theAlertAnnotationsOfAPerLabelSloNameTheLabelValue() {
        String yaml = PrometheusRules.forSpec(PerLabelRulesIT.perRoute()).generate();

        assertThat(yaml).contains("SLO {{ $labels.slo }}{route=\\\"{{ $labels.route }}\\\"} of {{ $labels.spec_id }}")
                .doesNotContain("vector(0)");
        // the instance's name, by which the incident store joins the alert to the monitor's incident
        RuleFile.Alert alert = PrometheusRules.forSpec(PerLabelRulesIT.perRoute()).build().groups().stream()
                .flatMap(g -> g.rules().stream()).filter(r -> r instanceof RuleFile.Alert)
                .map(r -> (RuleFile.Alert) r).findFirst().orElseThrow();
        assertThat(alert.annotations()).containsEntry("slo_instance", "availability{route=\"{{ $labels.route }}\"}");
    }

    @Test
    void groupingByALabelTheRulesSetThemselvesIsRefused() {
        SloSet slos = SloSet.named("checkout").slo("availability", s -> s
                .ratio(Slo.bad("errors_total"), Slo.total("requests_total"))
                .target(Quantity.percent(99.9)).per("team")).build();

        assertThatThrownBy(() -> PrometheusRules.forSpec(slos).withLabel("team", "payments").generate())
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining("slo 'availability': group_by: label 'team' is also set by the generated rules "
                        + "(an extra label), which would overwrite its values; group by another label");
    }
}
