package io.smartspec.slo.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.spec.SpecLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The windows of observability.yaml reach the rules of {@code slo rules}, for the SLOs they name only. */
class MaintenanceRulesTest {

    private static final String SPEC = String.join("\n",
            "## Non-Functional Requirements",
            "",
            "| Requirement | Metric | Target | Priority |",
            "|---|---|---|---|",
            "| Availability | `checkout_error_rate` | < 0.1% | P1 |",
            "| Queue | `queue_depth` | < 100 | P3 |",
            "");

    private static final String YAML = String.join("\n",
            "provider: prometheus",
            "url: http://127.0.0.1:9090",
            "metrics:",
            "  - name: checkout_error_rate",
            "    bad_query: sum(increase(http_requests_total{code=~\"5..\"}[{{window}}]))",
            "    total_query: sum(increase(http_requests_total[{{window}}]))",
            "  - name: queue_depth",
            "    query: max(checkout_queue_depth)",
            "maintenance:",
            "  - reason: database migration",
            "    from: 2026-03-01T22:00:00Z",
            "    to: 2026-03-02T01:00:00Z",
            "    slos: [checkout_error_rate]",
            "");

    @Test
    void aWindowForOneSloGuardsItsRulesAndLeavesTheOthersAsTheyWere() {
        ObservabilityConfig config = SpecLoader.parseConfig("observability.yaml", YAML, Map.of());
        LoadedSpec spec = SpecLoader.bind(NfrTable.parse("spec.md", SPEC), config, "checkout");

        RuleFile rules = PrometheusRules.forSpec(spec).build();

        // 2026-03-01T22:00Z is 1772402400, 2026-03-02T01:00Z is 1772413200
        String inWindow = "(time() >= bool 1772402400) * (time() < bool 1772413200)";
        assertThat(rules.recordings()).filteredOn(r -> r.record().equals("slo_maintenance"))
                .singleElement().satisfies(r -> {
                    assertThat(r.labels()).containsEntry("slo", "checkout_error_rate");
                    assertThat(r.expr()).contains("clamp_max(vector((" + inWindow + ")), 1)");
                });
        assertThat(rules.recordings()).filteredOn(r -> r.record().equals("slo:sli_total:increase30d"))
                .singleElement().satisfies(r -> assertThat(r.expr()).startsWith("sum_over_time((")
                        .contains("(time() - 300) >= bool 1772402400").endsWith(")[30d:5m])\n"));
        assertThat(rules.alerts()).filteredOn(a -> a.labels().get("slo").equals("checkout_error_rate"))
                .isNotEmpty().allSatisfy(a -> assertThat(a.expr()).contains("unless on() (clamp_max(vector(("
                        + inWindow + ")), 1) > 0)"));
        assertThat(rules.alerts()).filteredOn(a -> a.labels().get("slo").equals("queue_depth"))
                .singleElement().satisfies(a -> assertThat(a.expr()).doesNotContain("unless"));
    }
}
