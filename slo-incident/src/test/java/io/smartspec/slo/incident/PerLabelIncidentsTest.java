package io.smartspec.slo.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.monitor.SloEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instances of a per-label SLO are separate incidents at every receiver: a breach on route /pay and
 * a recovery on route /cart never resolve each other, and every message names the route.
 */
class PerLabelIncidentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-22T10:05:00Z");

    @TempDir
    Path outbox;

    private static SloEvent event(SloEvent.Kind kind, String route) {
        Slo slo = TestEvents.latencySlo("checkout-p99", Priority.P1).withLabels(Map.of());
        Slo grouped = new Slo(slo.name(), slo.description(), slo.indicator(), slo.objective(), slo.window(),
                slo.priority(), slo.labels(), slo.runbook(), slo.minEvents(),
                io.smartspec.slo.Grouping.by(List.of("route"), 100)).instance(Map.of("route", route));
        SloResult r = TestEvents.result("checkout-p99", Priority.P1,
                kind == SloEvent.Kind.RECOVERY ? Status.MET : Status.BREACHED, 213.4, AT);
        SloResult result = new SloResult(r.specId(), grouped, r.status(), r.observed(), r.margin(), r.detail(),
                r.errorBudget(), r.burnRates(), r.firing(), r.evaluatedAt(), r.source(), r.query());
        return new SloEvent(kind, result, TestEvents.SINCE, AT);
    }

    private List<JsonNode> deliver(RecordingReceiver server, Receiver receiver, SloEvent... events) throws Exception {
        try (IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox).forwardTo(receiver).build()) {
            for (SloEvent e : events) {
                forwarder.onEvent(e);
            }
            assertThat(forwarder.flush(Duration.ofSeconds(20))).as("delivered in time").isTrue();
        }
        List<JsonNode> bodies = new ArrayList<>();
        for (var r : server.requests()) {
            bodies.add(JSON.readTree(r.body()));
        }
        return bodies;
    }

    @Test
    void eachRouteIsItsOwnAlertmanagerAlertWithTheRouteLabel() throws Exception {
        try (RecordingReceiver am = RecordingReceiver.up(200, "")) {
            // when: /pay breaches, /cart breaches and recovers
            List<JsonNode> sent = deliver(am, Receiver.alertmanager(am.url()).resendEvery(Duration.ofMinutes(1)),
                    event(SloEvent.Kind.BREACH, "/pay"), event(SloEvent.Kind.BREACH, "/cart"),
                    event(SloEvent.Kind.RECOVERY, "/cart"));

            // then: the alerts differ by their route label, so Alertmanager keeps them apart
            assertThat(sent).extracting(b -> b.get(0).path("labels").path("route").asText())
                    .containsExactlyInAnyOrder("/pay", "/cart", "/cart");
            assertThat(sent).allSatisfy(b -> assertThat(b.get(0).path("labels").path("slo").asText())
                    .isEqualTo("checkout-p99"));
            assertThat(sent).extracting(b -> b.get(0).path("annotations").path("dedup_key").asText())
                    .contains("spec-core-001-authentication/checkout-p99{route=\"/pay\"}",
                            "spec-core-001-authentication/checkout-p99{route=\"/cart\"}");
        }
    }

    @Test
    void pagerDutyDedupKeysAndComponentsNameTheRoute() throws Exception {
        try (RecordingReceiver pd = RecordingReceiver.up(202,
                "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}")) {
            // when
            List<JsonNode> sent = deliver(pd, Receiver.pagerDuty(Secret.of("R0UTINGKEY0123456789abcdef012345",
                            "env PD_KEY")).endpoint(pd.url() + "/v2/enqueue"),
                    event(SloEvent.Kind.BREACH, "/pay"), event(SloEvent.Kind.BREACH, "/cart"));

            // then
            assertThat(sent).extracting(b -> b.path("dedup_key").asText()).containsExactlyInAnyOrder(
                    "spec-core-001-authentication/checkout-p99{route=\"/pay\"}",
                    "spec-core-001-authentication/checkout-p99{route=\"/cart\"}");
            assertThat(sent).extracting(b -> b.path("payload").path("component").asText())
                    .containsExactlyInAnyOrder("checkout-p99{route=\"/pay\"}", "checkout-p99{route=\"/cart\"}");
        }
    }
}
