package io.smartspec.slo.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each receiver gets the request its documentation describes: PagerDuty Events API v2
 * (developer.pagerduty.com/docs/events-api-v2/trigger-events), Slack incoming webhooks
 * (api.slack.com/messaging/webhooks), Alertmanager's {@code POST /api/v2/alerts}, and our webhook
 * payload v1 (docs/webhook-payload.md).
 */
class ReceiverFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-22T10:05:00Z");

    @TempDir
    Path outbox;

    private List<RecordingReceiver.Request> deliver(RecordingReceiver server, Receiver receiver, int expected,
                                                    io.smartspec.slo.monitor.SloEvent... events) {
        try (IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox).forwardTo(receiver).build()) {
            for (var e : events) {
                forwarder.onEvent(e);
            }
            assertThat(forwarder.flush(Duration.ofSeconds(20))).as("delivered in time").isTrue();
        }
        assertThat(server.requests()).hasSize(expected);
        return server.requests();
    }

    @Test
    void pagerDutyGetsATriggerWithTheDedupKeyAndTheNumbersThenAResolve() throws Exception {
        // given
        try (RecordingReceiver pd = RecordingReceiver.up(202,
                "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}")) {
            Receiver receiver = Receiver.pagerDuty(Secret.of("R0UTINGKEY0123456789abcdef012345", "env PD_KEY"))
                    .endpoint(pd.url() + "/v2/enqueue");

            // when
            var requests = deliver(pd, receiver, 2, TestEvents.breach("checkout-p99", Priority.P1, AT),
                    TestEvents.recovery("checkout-p99", Priority.P1, AT.plusSeconds(600)));

            // then
            JsonNode trigger = JSON.readTree(requests.get(0).body());
            assertThat(requests.get(0).path()).isEqualTo("/v2/enqueue");
            assertThat(requests.get(0).header("Content-Type")).isEqualTo("application/json");
            assertThat(trigger.path("routing_key").asText()).isEqualTo("R0UTINGKEY0123456789abcdef012345");
            assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
            assertThat(trigger.path("dedup_key").asText()).isEqualTo("spec-core-001-authentication/checkout-p99");
            JsonNode payload = trigger.path("payload");
            assertThat(payload.path("summary").asText())
                    .contains("checkout-p99", "213.4 ms", "< 200 ms").hasSizeLessThanOrEqualTo(1024);
            assertThat(payload.path("source").asText()).isEqualTo("spec-core-001-authentication");
            assertThat(payload.path("severity").asText()).isEqualTo("error");
            assertThat(Instant.parse(payload.path("timestamp").asText())).isEqualTo(AT);
            JsonNode details = payload.path("custom_details");
            assertThat(details.path("observed").asDouble()).isEqualTo(213.4);
            assertThat(details.path("unit").asText()).isEqualTo("ms");
            assertThat(details.path("target").asDouble()).isEqualTo(200);
            assertThat(details.path("error_budget_remaining").asDouble()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(details.path("burn_rate").asDouble()).isEqualTo(14.4, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(trigger.path("links").get(0).path("href").asText())
                    .isEqualTo("https://runbooks.example.com/checkout-latency");

            JsonNode resolve = JSON.readTree(requests.get(1).body());
            assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
            assertThat(resolve.path("dedup_key").asText()).isEqualTo("spec-core-001-authentication/checkout-p99");
            assertThat(resolve.path("routing_key").asText()).isEqualTo("R0UTINGKEY0123456789abcdef012345");
        }
    }

    @Test
    void pagerDutySeverityFollowsThePriority() throws Exception {
        // given
        try (RecordingReceiver pd = RecordingReceiver.up(202, "{}")) {
            Receiver receiver = Receiver.pagerDuty(Secret.of("k".repeat(32))).endpoint(pd.url());

            // when
            var requests = deliver(pd, receiver, 4, TestEvents.breach("a", Priority.P0, AT),
                    TestEvents.breach("b", Priority.P1, AT), TestEvents.breach("c", Priority.P2, AT),
                    TestEvents.breach("d", Priority.P3, AT));

            // then
            List<String> severities = requests.stream().map(r -> {
                try {
                    return JSON.readTree(r.body()).path("payload").path("severity").asText();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
            assertThat(severities).containsExactly("critical", "error", "warning", "info");
        }
    }

    @Test
    void slackGetsAReadableMessageAndAFollowUpOnRecovery() throws Exception {
        // given
        try (RecordingReceiver slack = RecordingReceiver.up(200, "ok")) {
            Receiver receiver = Receiver.slack(Secret.of(slack.url() + "/services/T000/B000/XXXXSECRET", "env SLACK"));

            // when
            var requests = deliver(slack, receiver, 2, TestEvents.breach("checkout-p99", Priority.P1, AT),
                    TestEvents.recovery("checkout-p99", Priority.P1, AT.plusSeconds(720)));

            // then
            assertThat(requests.get(0).path()).isEqualTo("/services/T000/B000/XXXXSECRET");
            JsonNode breach = JSON.readTree(requests.get(0).body());
            assertThat(breach.path("text").asText()).contains("SLO breached", "checkout-p99");
            String message = breach.path("blocks").get(0).path("text").path("text").asText();
            assertThat(message).contains("SLO breached: checkout-p99", "P1", "`api_latency_p99` = *213.4 ms*",
                    "target &lt; 200 ms", "over by 13.4 ms", "Error budget left: *20%*", "14.4x over 1h",
                    "<https://runbooks.example.com/checkout-latency|Runbook>");
            String recovered = JSON.readTree(requests.get(1).body()).path("blocks").get(0).path("text").path("text")
                    .asText();
            assertThat(recovered).contains("SLO recovered: checkout-p99", "Breached for 17m 0s");
        }
    }

    @Test
    void webhookGetsTheVersionedPayloadSignedWithHmacSha256OfTheBody() throws Exception {
        // given
        Secret key = Secret.of("hmac-key-for-tests", "env HOOK_SECRET");
        try (RecordingReceiver hook = RecordingReceiver.up(204, "")) {
            Receiver receiver = Receiver.webhook(hook.url() + "/slo-events").signedWith(key);

            // when
            var requests = deliver(hook, receiver, 1, TestEvents.breach("checkout-p99", Priority.P1, AT));

            // then
            RecordingReceiver.Request request = requests.get(0);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("hmac-key-for-tests".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(
                    mac.doFinal(request.body().getBytes(StandardCharsets.UTF_8)));
            assertThat(request.header("X-SmartSpec-Signature")).isEqualTo(expected);
            assertThat(request.header("X-SmartSpec-Event")).isEqualTo("breach");
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.path("version").asInt()).isEqualTo(1);
            assertThat(request.header("X-SmartSpec-Delivery")).isEqualTo(body.path("id").asText());
            assertThat(body.path("kind").asText()).isEqualTo("breach");
            assertThat(body.path("dedup_key").asText()).isEqualTo("spec-core-001-authentication/checkout-p99");
            assertThat(body.path("slo").path("name").asText()).isEqualTo("checkout-p99");
            assertThat(body.path("slo").path("objective").asText()).isEqualTo("< 200 ms");
            assertThat(body.path("slo").path("target").path("canonical").asDouble()).isEqualTo(0.2);
            assertThat(body.path("observed").path("value").asDouble()).isEqualTo(213.4);
            assertThat(body.path("observed").path("unit").asText()).isEqualTo("ms");
            assertThat(body.path("error_budget").path("remaining").asDouble())
                    .isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(body.path("burn_rate").path("window").asText()).isEqualTo("1h");
            assertThat(Instant.parse(body.path("since").asText())).isEqualTo(TestEvents.SINCE);
            assertThat(body.path("duration_seconds").asLong()).isEqualTo(300);
        }
    }

    @Test
    void unsignedWebhookHasNoSignatureHeader() {
        // given
        try (RecordingReceiver hook = RecordingReceiver.up(200, "")) {
            // when
            var requests = deliver(hook, Receiver.webhook(hook.url()), 1, TestEvents.breach(Priority.P2));

            // then
            assertThat(requests.get(0).header("X-SmartSpec-Signature")).isNull();
        }
    }

    @Test
    void alertmanagerGetsTheAlertWithItsLabelsAndARecoveryWithEndsAt() throws Exception {
        // given
        try (RecordingReceiver am = RecordingReceiver.up(200, "")) {
            Receiver receiver = Receiver.alertmanager(am.url()).resendEvery(Duration.ofMinutes(1));

            // when
            var requests = deliver(am, receiver, 2, TestEvents.breach("checkout-p99", Priority.P0, AT),
                    TestEvents.recovery("checkout-p99", Priority.P0, AT.plusSeconds(600)));

            // then
            assertThat(requests.get(0).path()).isEqualTo("/api/v2/alerts");
            JsonNode alert = JSON.readTree(requests.get(0).body()).get(0);
            assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("SLOBreach");
            assertThat(alert.path("labels").path("slo").asText()).isEqualTo("checkout-p99");
            assertThat(alert.path("labels").path("spec_id").asText()).isEqualTo("spec-core-001-authentication");
            assertThat(alert.path("labels").path("priority").asText()).isEqualTo("P0");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(alert.path("labels").path("team").asText()).isEqualTo("payments");
            assertThat(alert.path("annotations").path("summary").asText()).contains("checkout-p99");
            assertThat(alert.path("annotations").path("runbook_url").asText())
                    .isEqualTo("https://runbooks.example.com/checkout-latency");
            assertThat(Instant.parse(alert.path("startsAt").asText())).isEqualTo(TestEvents.SINCE);
            assertThat(Instant.parse(alert.path("endsAt").asText())).isAfter(Instant.now());

            JsonNode resolved = JSON.readTree(requests.get(1).body()).get(0);
            assertThat(resolved.path("labels")).isEqualTo(alert.path("labels"));
            assertThat(Instant.parse(resolved.path("endsAt").asText())).isEqualTo(AT.plusSeconds(600));
        }
    }

    @Test
    void alertmanagerAlertIsResentWhileTheBreachLastsAndNotAfterTheRecovery() throws Exception {
        // given
        try (RecordingReceiver am = RecordingReceiver.up(200, "");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.alertmanager(am.url()).resendEvery(Duration.ofMillis(100))).build()) {
            // when
            forwarder.onEvent(TestEvents.breach("checkout-p99", Priority.P1, Instant.now()));
            Eventually.await("three sends of the firing alert", () -> am.requests().size() >= 3);
            forwarder.onEvent(TestEvents.recovery("checkout-p99", Priority.P1, Instant.now()));
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            int afterRecovery = am.requests().size();
            Thread.sleep(400); // four resend intervals

            // then
            List<RecordingReceiver.Request> sent = am.requests();
            assertThat(sent).hasSize(afterRecovery);
            JsonNode last = JSON.readTree(sent.get(sent.size() - 1).body()).get(0);
            assertThat(Instant.parse(last.path("endsAt").asText())).isBeforeOrEqualTo(Instant.now());
            for (RecordingReceiver.Request r : sent.subList(0, sent.size() - 1)) {
                JsonNode firing = JSON.readTree(r.body()).get(0);
                assertThat(firing.path("labels").path("slo").asText()).isEqualTo("checkout-p99");
                assertThat(Instant.parse(firing.path("endsAt").asText())).as("a firing alert expires after it is sent")
                        .isAfter(r.receivedAt());
            }
        }
    }
}
