package io.smartspec.slo.incident.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Secret;
import io.smartspec.slo.incident.store.Events;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static io.smartspec.slo.incident.store.Events.breach;
import static io.smartspec.slo.incident.store.Events.recovery;
import static org.assertj.core.api.Assertions.assertThat;

/** The incident API served by the JDK HttpServer, over the journal store. */
class IncidentApiTest {

    private static final String TOKEN = "s3cret-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private IncidentStore store;
    private Incidents incidents;
    private HttpServer server;
    private String base;

    @BeforeEach
    void serve() throws Exception {
        store = IncidentStore.embedded(dir);
        incidents = Incidents.in(store).build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", IncidentApi.of(incidents).writeToken(Secret.of(TOKEN, "test")));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        store.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void anIncidentIsListedShownAcknowledgedAnnotatedAndResolved() throws Exception {
        incidents.onEvent(breach(0, 250, 0.9));
        incidents.onEvent(recovery(5, 150, 0.8));

        JsonNode list = json(get("/v1/incidents?state=open&spec=checkout&priority=P1"));
        assertThat(list.get("incidents")).hasSize(1);
        JsonNode summary = list.get("incidents").get(0);
        String id = summary.get("id").asText();
        assertThat(summary.get("key").asText()).isEqualTo("checkout/checkout-p99");
        assertThat(summary.has("timeline")).isFalse();
        assertThat(summary.get("at_open").get("value").asDouble()).isEqualTo(0.25);
        assertThat(summary.get("error_budget_burned").asDouble()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));

        HttpResponse<String> ack = post("/v1/incidents/" + id + "/acknowledge", "{\"by\":\"alice\",\"reason\":\"on it\"}",
                TOKEN);
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(json(ack).get("acknowledged").get("by").asText()).isEqualTo("alice");
        assertThat(post("/v1/incidents/" + id + "/notes", "{\"by\":\"bob\",\"text\":\"cache was cold\"}", TOKEN)
                .statusCode()).isEqualTo(200);
        // by key, URL-encoded
        HttpResponse<String> resolved = post("/v1/incidents/checkout%2Fcheckout-p99/resolve", "{\"by\":\"alice\"}",
                TOKEN);
        assertThat(resolved.statusCode()).isEqualTo(200);

        JsonNode shown = json(get("/v1/incidents/" + id));
        assertThat(shown.get("state").asText()).isEqualTo("resolved");
        assertThat(shown.get("timeline")).extracting(e -> e.get("kind").asText())
                .containsExactly("breach", "recovery", "acknowledged", "note", "resolved");
        assertThat(json(get("/v1/incidents?state=open")).get("incidents")).isEmpty();
    }

    @Test
    void writesWithoutTheRightTokenAreRefusedWith401AndChangeNothing() throws Exception {
        incidents.onEvent(breach(0, 250, 0.9));
        String id = store.latest(Events.KEY).orElseThrow().id();

        HttpResponse<String> none = post("/v1/incidents/" + id + "/acknowledge", "{\"by\":\"mallory\"}", null);
        HttpResponse<String> wrong = post("/v1/incidents/" + id + "/acknowledge", "{\"by\":\"mallory\"}", "s3cret-tokem");
        HttpResponse<String> intake = post("/v1/alertmanager", "{\"alerts\":[]}", "nope");

        for (HttpResponse<String> r : java.util.List.of(none, wrong, intake)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).get("error").asText()).isNotEmpty().doesNotContain(TOKEN);
        }
        assertThat(store.find(id).orElseThrow().acknowledged()).isEmpty();
    }

    @Test
    void withoutAConfiguredTokenEveryWriteIsRefused() throws Exception {
        server.removeContext("/");
        server.createContext("/", IncidentApi.of(incidents));
        HttpResponse<String> r = post("/v1/alertmanager", "{\"alerts\":[]}", "");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("error").asText()).contains("SLO_INCIDENTS_TOKEN");
    }

    @Test
    void badRequestsGet4xxJsonErrorsThatSayWhatWouldBeAccepted() throws Exception {
        incidents.onEvent(breach(0, 250, 0.9));
        String id = store.latest(Events.KEY).orElseThrow().id();

        HttpResponse<String> filters = get("/v1/incidents?state=closed&priority=urgent&since=yesterday&color=red");
        assertThat(filters.statusCode()).isEqualTo(400);
        assertThat(json(filters).get("error").asText()).contains("state: 'closed'; expected open, acknowledged or resolved",
                "priority: 'urgent'", "since: 'yesterday'", "color: unknown filter");

        HttpResponse<String> notJson = post("/v1/incidents/" + id + "/notes", "{\"by\": \"bob\", text", TOKEN);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error").asText()).startsWith("body: not JSON");

        HttpResponse<String> noText = post("/v1/incidents/" + id + "/notes", "{\"by\":\"bob\"}", TOKEN);
        assertThat(noText.statusCode()).isEqualTo(400);
        assertThat(json(noText).get("error").asText()).isEqualTo("text: missing; expected a string");

        HttpResponse<String> byNumber = post("/v1/incidents/" + id + "/acknowledge", "{\"by\":42}", TOKEN);
        assertThat(byNumber.statusCode()).isEqualTo(400);

        assertThat(get("/v1/incidents/0123456789ab").statusCode()).isEqualTo(404);
        assertThat(post("/v1/incidents/0123456789ab/resolve", "{\"by\":\"bob\"}", TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("/v2/incidents").statusCode()).isEqualTo(404);
        assertThat(post("/v1/incidents", "{}", TOKEN).statusCode()).isEqualTo(405);

        post("/v1/incidents/" + id + "/resolve", "{\"by\":\"bob\"}", TOKEN);
        HttpResponse<String> again = post("/v1/incidents/" + id + "/acknowledge", "{\"by\":\"bob\"}", TOKEN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).contains("is resolved");

        HttpResponse<String> badAlert = post("/v1/alertmanager", "{\"alerts\":[{\"status\":\"firing\","
                + "\"labels\":{\"spec_id\":\"checkout\",\"slo\":\"checkout-p99\"},\"startsAt\":\"soon\"}]}", TOKEN);
        assertThat(badAlert.statusCode()).isEqualTo(400);
        assertThat(json(badAlert).get("error").asText()).isEqualTo("alerts[0].startsAt: 'soon' is not an RFC 3339 time");
        assertThat(post("/v1/alertmanager", "{\"receiver\":\"x\"}", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void anAlertFromTheGeneratedRulesJoinsTheIncidentTheMonitorOpenedAndOthersAreIgnored() throws Exception {
        incidents.onEvent(breach(0, 250, 0.9));
        String id = store.latest(Events.KEY).orElseThrow().id();
        String firing = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":["
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"SloThresholdBreached\",\"spec_id\":\"checkout\","
                + "\"slo\":\"checkout-p99\",\"priority\":\"P1\",\"severity\":\"page\"},\"annotations\":{\"summary\":"
                + "\"SLO checkout-p99 of checkout is not met\"},\"startsAt\":\"2026-11-29T10:00:30Z\","
                + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"abc\"},"
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"NodeDown\"},\"startsAt\":\"2026-11-29T10:00:30Z\"}]}";

        JsonNode r = json(post("/v1/alertmanager", firing, TOKEN));
        assertThat(r.get("incidents").get(0).get("id").asText()).isEqualTo(id);
        assertThat(r.get("ignored").get(0).asText()).contains("NodeDown", "no spec_id label");

        String resolved = firing.replace("\"status\":\"firing\",\"labels\":{\"alertname\":\"Slo",
                "\"status\":\"resolved\",\"labels\":{\"alertname\":\"Slo").replace("0001-01-01T00:00:00Z",
                "2026-11-29T10:07:00Z");
        post("/v1/alertmanager", resolved, TOKEN);
        post("/v1/alertmanager", resolved, TOKEN); // Alertmanager re-sends

        assertThat(store.list(io.smartspec.slo.incident.store.IncidentQuery.all())).hasSize(1);
        var incident = store.find(id).orElseThrow();
        assertThat(incident.breaching()).isFalse();
        assertThat(incident.timeline()).extracting(e -> e.kind().id() + " by " + e.actor())
                .containsExactly("breach by slo-monitor", "recovery by alertmanager");
    }
    @Test
    void theAlertsOfAPerLabelSloJoinTheIncidentOfTheirOwnInstance() throws Exception {
        // given: the monitor opened the incident of route /pay of a per-label SLO
        io.smartspec.slo.monitor.SloEvent b = breach(0, 250, 0.9);
        io.smartspec.slo.Slo slo = b.slo();
        io.smartspec.slo.Slo pay = new io.smartspec.slo.Slo(slo.name(), slo.description(), slo.indicator(),
                slo.objective(), slo.window(), slo.priority(), slo.labels(), slo.runbook(), slo.minEvents(),
                io.smartspec.slo.Grouping.by(java.util.List.of("route"), 100)).instance(java.util.Map.of("route", "/pay"));
        io.smartspec.slo.evaluation.SloResult r = b.result();
        incidents.onEvent(new io.smartspec.slo.monitor.SloEvent(b.kind(), new io.smartspec.slo.evaluation.SloResult(
                r.specId(), pay, r.status(), r.observed(), r.margin(), r.detail(), r.errorBudget(), r.burnRates(),
                r.firing(), r.evaluatedAt(), r.source(), r.query()), b.since(), b.occurredAt()));
        String key = "checkout/checkout-p99{route=\"/pay\"}";
        String id = store.latest(key).orElseThrow().id();

        // when: the generated rules' alerts for /pay and for /cart arrive
        String alert = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"CheckoutCheckoutP99ThresholdMissed\","
                + "\"spec_id\":\"checkout\",\"slo\":\"checkout-p99\",\"route\":\"ROUTE\",\"priority\":\"P1\"},"
                + "\"annotations\":{\"summary\":\"SLO checkout-p99{route=\\\"ROUTE\\\"} of checkout is not met\","
                + "\"slo_instance\":\"checkout-p99{route=\\\"ROUTE\\\"}\"},\"startsAt\":\"2026-11-29T10:00:30Z\","
                + "\"fingerprint\":\"fROUTE\"}";
        JsonNode answer = json(post("/v1/alertmanager", "{\"version\":\"4\",\"alerts\":[" + alert.replace("ROUTE", "/pay")
                + "," + alert.replace("ROUTE", "/cart") + "]}", TOKEN));

        // then: /pay joined the monitor's incident, /cart opened its own
        assertThat(answer.get("incidents").get(0).get("id").asText()).isEqualTo(id);
        assertThat(store.list(io.smartspec.slo.incident.store.IncidentQuery.all()))
                .extracting(io.smartspec.slo.incident.store.Incident::key)
                .containsExactlyInAnyOrder(key, "checkout/checkout-p99{route=\"/cart\"}");
    }
}
