package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard of a per-label SLO: a variable of its label's values, and panels filtered by it. */
class PerLabelDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPerLabelSloGetsAVariableOfItsLabelValuesThatFiltersItsPanels() throws Exception {
        // when
        JsonNode json = JSON.readTree(GrafanaDashboard.forSpec(PerLabelRulesIT.perRoute()).generate());

        // then: the variable lists the values Prometheus records for the spec
        JsonNode route = json.path("templating").path("list").get(2);
        assertThat(route.path("name").asText()).isEqualTo("route");
        assertThat(route.path("type").asText()).isEqualTo("query");
        assertThat(route.path("query").asText()).isEqualTo(
                "label_values({__name__=~\"slo:sli_total:increase5m|slo:sli:value\", spec_id=\"checkout\"}, route)");
        assertThat(route.path("includeAll").asBoolean()).isTrue();
        assertThat(route.path("multi").asBoolean()).isTrue();
        // and every query of the SLI, budget and burn panels keeps the chosen routes, with a legend per route
        List<String> sliExprs = new ArrayList<>();
        json.path("panels").forEach(p -> {
            if (p.path("title").asText().startsWith("availability: SLI")) {
                p.path("targets").forEach(t -> sliExprs.add(t.path("expr").asText() + " | "
                        + t.path("legendFormat").asText()));
            }
        });
        assertThat(sliExprs).anySatisfy(e -> assertThat(e).contains("route=~\"$route\"").endsWith("{{route}}"));
        json.path("panels").forEach(p -> p.path("targets").forEach(t -> {
            String expr = t.path("expr").asText();
            if (expr.contains("slo:period_error_budget_remaining:ratio")) {
                assertThat(expr).as(p.path("title").asText()).contains("route=~\"$route\"");
            }
        }));
    }

    @Test
    void aSpecWithoutPerLabelSlosHasNoLabelVariable() throws Exception {
        JsonNode json = JSON.readTree(GrafanaDashboard.forSpec(Checkout.slos()).generate());

        assertThat(json.path("templating").path("list").findValuesAsText("name")).containsExactly("datasource", "slo");
    }
}
