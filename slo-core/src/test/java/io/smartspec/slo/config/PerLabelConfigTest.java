package io.smartspec.slo.config;

import io.smartspec.slo.Grouping;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.smartspec.slo.Quantity.percent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code group_by:} and {@code group_limit:} of a metric: read once, with every mistake located. */
class PerLabelConfigTest {

    private static final String HEAD = "provider: micrometer\nmetrics:\n  - name: errors\n"
            + "    bad_query: \"http.requests{outcome=SERVER_ERROR}\"\n    total_query: http.requests\n";

    @Test
    void groupByAndItsLimitAreReadOntoTheMetric() {
        // when
        ObservabilityConfig config = SpecLoader.parseConfig("observability.yaml",
                HEAD + "    group_by: [route, tenant]\n    group_limit: 20\n", Map.of());

        // then
        assertThat(config.metric("errors").orElseThrow().grouping())
                .isEqualTo(Grouping.by(List.of("route", "tenant"), 20));
    }

    @Test
    void withoutALimitAGroupedMetricKeepsAtMostOneHundredInstances() {
        ObservabilityConfig config = SpecLoader.parseConfig("observability.yaml", HEAD + "    group_by: route\n",
                Map.of());

        assertThat(config.metric("errors").orElseThrow().grouping().limit()).isEqualTo(100);
    }

    @Test
    void everyMistakeOfGroupByIsReportedAtOnceWithItsLine() {
        // given: a label PromQL cannot name, one listed twice, a limit out of range, a limit without group_by
        String yaml = HEAD + "    group_by: [http.route, tenant, tenant, slo]\n    group_limit: 0\n"
                + "  - name: p99\n    query: \"http.latency p99\"\n    group_limit: 5\n";

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> SpecLoader.parseConfig("observability.yaml", yaml, Map.of()));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "observability.yaml:6: metric 'errors': group_by: label 'http.route' must start with a letter or '_' "
                        + "and contain only letters, digits and '_' (a Prometheus label name)",
                "observability.yaml:6: metric 'errors': group_by: label 'tenant' is listed twice",
                "observability.yaml:6: metric 'errors': group_by: label 'slo' is one of the library's own labels (slo, "
                        + "spec_id, window, priority, severity, alertname, le); group by another label",
                "observability.yaml:7: metric 'errors': group_limit: '0' is not a whole number from 1 to 10000",
                "observability.yaml:10: metric 'p99': group_limit: limits the instances of a per-label SLO; it needs "
                        + "group_by (e.g. group_by: [route])");
    }

    @Test
    void anEmptyGroupByIsAnError() {
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> SpecLoader.parseConfig("observability.yaml", HEAD + "    group_by: []\n", Map.of()));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "observability.yaml:6: metric 'errors': group_by: is empty; expected the labels to group by, e.g. "
                        + "group_by: [route]");
    }

    @Test
    void inCodeAPerLabelSloReadsAsASentence() {
        // when
        Slo slo = Slo.named("checkout-errors")
                .ratio(Slo.bad("http.requests{outcome=SERVER_ERROR}"), Slo.total("http.requests"))
                .target(percent(99.9)).per("route").groupLimit(50)
                .build();

        // then
        assertThat(slo.groupBy()).containsExactly("route");
        assertThat(slo.grouping().limit()).isEqualTo(50);
        assertThat(slo.instanceName()).isEqualTo("checkout-errors");
        assertThat(slo.instance(Map.of("route", "/p\"ay")).instanceName())
                .isEqualTo("checkout-errors{route=\"/p\\\"ay\"}");
    }

    @Test
    void inCodeABadLabelIsAProblemOfTheBuild() {
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> Slo.named("e")
                .ratio(Slo.bad("b"), Slo.total("t")).target(percent(99.9)).per("a-b").groupLimit(0).build());

        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                "slo 'e': group_by: label 'a-b' must start with a letter or '_' and contain only letters, digits and "
                        + "'_' (a Prometheus label name)",
                "slo 'e': group_limit: 0 is out of range; expected 1 to 10000");
    }
}
