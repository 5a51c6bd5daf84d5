package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generated dashboard against Grafana's own dashboard schema (derived from {@code @grafana/schema},
 * see {@code src/test/resources/grafana/README.md}), and what a reader of it relies on.
 */
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        JsonNode node;
        try (InputStream in = GrafanaDashboardTest.class.getResourceAsStream("/grafana/dashboard.schema.json")) {
            node = JSON.readTree(in);
        }
        // Grafana's type closes an annotation's target to the -- Grafana -- data source's fields; a Prometheus
        // annotation keeps its query there (see the README beside the schema). Only that definition is opened.
        ObjectNode target = (ObjectNode) node.path("definitions").path("AnnotationTarget");
        target.remove("required");
        target.remove("additionalProperties");
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(node);
    }

    private static JsonNode dashboard(GrafanaDashboard dashboard) throws Exception {
        return JSON.readTree(dashboard.generate());
    }

    private static List<JsonNode> panels(JsonNode dashboard, String type) {
        List<JsonNode> out = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (p.path("type").asText().equals(type)) {
                out.add(p);
            }
        });
        return out;
    }

    @Test
    void theDashboardIsValidAgainstGrafanasSchema() throws Exception {
        // given
        JsonNode json = dashboard(GrafanaDashboard.forSpec(Checkout.slos()).datasource("prom-main"));
        // when
        List<Error> errors = schema.validate(json);
        // then
        assertThat(errors).isEmpty();
    }

    @Test
    void theDashboardOfAPerLabelSloIsValidAgainstGrafanasSchema() throws Exception {
        // given: an SLO per route, with its route variable
        JsonNode json = dashboard(GrafanaDashboard.forSpec(PerLabelRulesIT.perRoute()));
        // when
        List<Error> errors = schema.validate(json);
        // then
        assertThat(errors).isEmpty();
    }

    @Test
    void theSchemaCatchesWhatGrafanaWouldReject() throws Exception {
        // given: a panel without a type and a row without its panels
        ObjectNode json = (ObjectNode) dashboard(GrafanaDashboard.forSpec(Checkout.slos()));
        ((ObjectNode) json.path("panels").get(1)).remove("type");
        ((ObjectNode) json.path("panels").get(0)).put("colapsed", true);
        // when
        List<Error> errors = schema.validate(json);
        // then
        assertThat(errors).isNotEmpty();
    }

    @Test
    void itRefreshesEvery30sAndMarksDeploymentsFromTheGivenExpression() throws Exception {
        JsonNode json = dashboard(GrafanaDashboard.forSpec(Checkout.slos())
                .deployments("changes(kube_deployment_status_observed_generation{deployment=\"checkout\"}[5m]) > 0"));
        assertThat(json.path("refresh").asText()).isEqualTo("30s");
        JsonNode deployments = json.path("annotations").path("list").get(1);
        assertThat(deployments.path("name").asText()).isEqualTo("Deployments");
        assertThat(deployments.path("enable").asBoolean()).isTrue();
        assertThat(deployments.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        assertThat(deployments.path("target").path("expr").asText())
                .isEqualTo("changes(kube_deployment_status_observed_generation{deployment=\"checkout\"}[5m]) > 0");
        assertThat(deployments.path("target").path("refId").asText()).isNotEmpty();
    }

    @Test
    void everyQueryReadsTheChosenDatasourceThroughTheVariable() throws Exception {
        JsonNode json = dashboard(GrafanaDashboard.forSpec(Checkout.slos()).datasource("prom-main"));
        JsonNode ds = json.path("templating").path("list").get(0);
        assertThat(ds.path("type").asText()).isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");
        assertThat(ds.path("current").path("value").asText()).isEqualTo("prom-main");
        json.path("panels").forEach(p -> p.path("targets").forEach(t ->
                assertThat(t.path("datasource").path("uid").asText()).as(p.path("title").asText())
                        .isEqualTo("${datasource}")));
    }

    @Test
    void theSloVariableListsEverySloAndFiltersTheOverview() throws Exception {
        JsonNode json = dashboard(GrafanaDashboard.forSpec(Checkout.slos()));
        JsonNode slo = json.path("templating").path("list").get(1);
        assertThat(slo.path("name").asText()).isEqualTo("slo");
        assertThat(slo.path("query").asText()).isEqualTo("availability,success-rate,fast-checkout,p99-latency,"
                + "queue-depth");
        assertThat(panels(json, "table").get(0).path("targets").get(0).path("expr").asText())
                .contains("slo=~\"$slo\"");
    }

    @Test
    void eachRatioSloHasItsRowOfPanelsOnItsRecordingRules() throws Exception {
        JsonNode json = dashboard(GrafanaDashboard.forSpec(Checkout.slos()));
        List<String> titles = new ArrayList<>();
        json.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertThat(titles).contains("availability: SLI against the objective", "availability: error budget remaining",
                "availability: burn rate over the period", "availability: burn rate per alert window",
                "availability: alerts", "p99-latency: api_latency_p99 against its bound", "p99-latency: alerts");
        // the seed's dashboard had 13 panels
        assertThat(json.path("panels").size() - panels(json, "row").size()).isGreaterThanOrEqualTo(13);
        List<String> rows = panels(json, "row").stream().map(r -> r.path("title").asText()).toList();
        assertThat(rows).contains("availability: availability >= 99.9 % over 30d (P1)");
    }

    @Test
    void theBurnRatePanelDrawsThePageAndTicketFactorsOfTheSlosPeriod() throws Exception {
        // given a 30d SLO: page at 14.4 (1h) and 6 (6h), ticket at 3 (1d) and 1 (3d)
        JsonNode json = dashboard(GrafanaDashboard.forSpec(Checkout.slos()));
        JsonNode burn = json.path("panels").findParents("title").stream()
                .filter(p -> p.path("title").asText().equals("availability: burn rate per alert window"))
                .findFirst().orElseThrow();
        // then
        List<String> steps = new ArrayList<>();
        burn.path("fieldConfig").path("defaults").path("thresholds").path("steps").forEach(s ->
                steps.add(s.path("color").asText() + "@" + (s.path("value").isNull() ? "base" : s.path("value").asText())));
        assertThat(steps).containsExactly("green@base", "orange@1.0", "orange@3.0", "red@6.0", "red@14.4");
        List<String> exprs = new ArrayList<>();
        burn.path("targets").forEach(t -> exprs.add(t.path("legendFormat").asText()));
        assertThat(exprs).containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d");
        assertThat(burn.path("fieldConfig").path("defaults").path("custom").path("thresholdsStyle").path("mode")
                .asText()).isEqualTo("line");
    }

    @Test
    void anSloShorterThanSomeWindowsDrawsOnlyTheWindowsAndPairsItsRulesRecord() throws Exception {
        // given a 1h SLO: the rules record 5m, 30m and 1h, and judge only the 1h/5m page (2% of the budget in 1h)
        SloSet slos = SloSet.named("checkout").slo("hourly", s -> s
                        .ratio(io.smartspec.slo.Slo.bad("sum(increase(http_requests_total{code=~\"5..\"}[{{window}}]))"),
                                io.smartspec.slo.Slo.total("sum(increase(http_requests_total[{{window}}]))"))
                        .target(io.smartspec.slo.Quantity.percent(99)).over(java.time.Duration.ofHours(1)))
                .build();
        // when
        JsonNode json = dashboard(GrafanaDashboard.forSpec(slos));
        // then
        JsonNode burn = json.path("panels").findParents("title").stream()
                .filter(p -> p.path("title").asText().equals("hourly: burn rate per alert window"))
                .findFirst().orElseThrow();
        List<String> windows = new ArrayList<>();
        burn.path("targets").forEach(t -> windows.add(t.path("legendFormat").asText()));
        assertThat(windows).containsExactly("5m", "30m", "1h");
        List<String> steps = new ArrayList<>();
        burn.path("fieldConfig").path("defaults").path("thresholds").path("steps").forEach(st ->
                steps.add(st.path("color").asText() + "@" + (st.path("value").isNull() ? "base" : st.path("value").asText())));
        assertThat(steps).containsExactly("green@base", "red@0.02");
        String recorded = PrometheusRules.forSpec(slos).generate();
        burn.path("targets").forEach(t -> assertThat(recorded).contains("record: " + t.path("expr").asText()
                .substring(0, t.path("expr").asText().indexOf('{'))));
    }

    @Test
    void theOverviewLinksEachSloToItsRunbook() throws Exception {
        JsonNode json = dashboard(GrafanaDashboard.forSpec(Checkout.slos()));
        String content = panels(json, "text").get(0).path("options").path("content").asText();
        assertThat(content).contains("| availability | availability >= 99.9 % over 30d | P1 (pages) | "
                + "[runbook](https://runbooks.example/checkout-availability) |");
        assertThat(content).contains("| queue-depth | queue_depth <= 100 | P3 (ticket) | - |");
    }

    @Test
    void aSpecWithoutSlosIsAnError() {
        assertThatThrownBy(() -> GrafanaDashboard.forSpec(SloSet.of("empty", List.of())).generate())
                .isInstanceOf(SloValidationException.class).hasMessageContaining("spec 'empty': has no SLO");
    }

    @Test
    void theUidIsWhatGrafanaAcceptsAndStable() {
        assertThat(GrafanaDashboard.forSpec("Spec Core/001 authentication", Checkout.slos()).uid())
                .isEqualTo("slo-spec-core-001-authentication");
        assertThat(GrafanaDashboard.forSpec("x".repeat(60), Checkout.slos()).uid()).hasSize(40);
    }
}
