package io.smartspec.slo.incident;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.ObservabilityConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code incident_response:} of observability.yaml: each receiver type's keys, checked when the file is read, build the receivers. */
class IncidentForwarderConfigTest {

    @TempDir
    Path outbox;

    private static ObservabilityConfig config(String receivers, Map<String, String> env) {
        return ObservabilityConfig.parse("observability.yaml", "provider: micrometer\nincident_response:\n" + receivers,
                env);
    }

    private static List<String> problems(String receivers) {
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> config(receivers, Map.of()));
        assertThat(e).as("problems of " + receivers).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void aReceiverReadAloneIsTheOneTheForwarderSendsTo() {
        // given
        ObservabilityConfig config = config("""
                  - type: alertmanager
                    url: http://127.0.0.1:9093
                    priorities: [P0, P1]
                    repeat_interval: 2m
                  - type: pagerduty
                    routing_key: "{{env.PD_KEY}}"
                    name: oncall
                  - type: slack
                    webhook_url: "{{env.SLACK}}"
                """, Map.of("PD_KEY", "k".repeat(32), "SLACK", "https://hooks.slack.com/services/T/B/X"));
        // when
        List<Receiver> alone = config.incidentResponse().stream().map(Receiver::fromConfig).toList();
        // then: same names, endpoints, priorities and intervals (the on-call card describes what the forwarder does)
        try (IncidentForwarder forwarder = IncidentForwarder.fromConfig(config, outbox)) {
            assertThat(alone).isEqualTo(forwarder.receivers());
        }
        assertThat(alone.get(1).name()).isEqualTo("oncall");
        assertThat(alone.toString()).doesNotContain("k".repeat(32)).doesNotContain("/T/B/X");
    }

    @Test
    void everyReceiverTypeIsBuiltWithItsPrioritiesAndSettings() {
        // given
        ObservabilityConfig config = config("""
                  - type: alertmanager
                    url: http://127.0.0.1:9093
                    priorities: [P0, p1]
                    repeat_interval: 2m
                  - type: pagerduty
                    routing_key: "{{env.PD_KEY}}"
                    priorities: P0
                    name: oncall
                  - type: slack
                    webhook_url: "{{env.SLACK}}"
                  - type: webhook
                    url: https://hooks.example.com/slo
                    secret: "{{env.HOOK_SECRET}}"
                  - type: alertmanager
                    url: http://127.0.0.1:9094
                    resend_interval: 30s
                """, Map.of("PD_KEY", "k".repeat(32), "SLACK", "https://hooks.slack.com/services/T/B/X",
                "HOOK_SECRET", "hmac"));

        // when
        try (IncidentForwarder forwarder = IncidentForwarder.fromConfig(config, outbox)) {
            // then
            List<Receiver> receivers = forwarder.receivers();
            assertThat(receivers).extracting(Receiver::type).containsExactly(Receiver.Type.ALERTMANAGER,
                    Receiver.Type.PAGERDUTY, Receiver.Type.SLACK, Receiver.Type.WEBHOOK, Receiver.Type.ALERTMANAGER);
            assertThat(receivers.get(0).priorities()).containsExactlyInAnyOrder(Priority.P0, Priority.P1);
            assertThat(receivers.get(0).resendInterval()).isEqualTo(Duration.ofMinutes(2));
            assertThat(receivers.get(1).name()).isEqualTo("oncall");
            assertThat(receivers.get(1).accepts(Priority.P1)).isFalse();
            assertThat(receivers.get(1).endpoint().reveal()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
            assertThat(receivers.get(2).accepts(Priority.P3)).isTrue();
            assertThat(receivers.get(3).signingSecret()).isPresent();
            assertThat(receivers.get(4).resendInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(outbox.resolve("oncall")).isDirectory();
        }
    }

    @Test
    void everyReceiverProblemIsReportedWhenTheFileIsReadWithItsLineAndWhatIsAccepted() {
        // when
        List<String> problems = problems("""
                  - type: opsgenie
                    url: http://x
                  - type: pagerduty
                  - type: alertmanager
                    url: ftp://127.0.0.1
                  - type: slack
                  - type: webhook
                    url: http://127.0.0.1:8080
                    channel: "#oncall"
                  - type: webhook
                    url: http://127.0.0.1:8080
                    repeat_interval: 1m
                  - type: alertmanager
                    url: http://127.0.0.1:9093
                    repeat_interval: often
                  - type: pagerduty
                    routing_key: "{{env.PD_KEY}}"
                  - type: webhook
                    url: http://127.0.0.1:8080
                    priorities: [P0, P5]
                """);

        // then
        assertThat(problems).containsExactly(
                "observability.yaml:3: incident_response[0]: type: 'opsgenie' is not a receiver type; expected one of "
                        + "alertmanager, pagerduty, slack, webhook",
                "observability.yaml:5: incident_response[1] (pagerduty): routing_key: missing; pagerduty needs the "
                        + "integration key of an Events API v2 integration, e.g. routing_key: "
                        + "\"{{env.PAGERDUTY_ROUTING_KEY}}\"",
                "observability.yaml:7: incident_response[2] (alertmanager): url: 'ftp://127.0.0.1' is not an http(s) "
                        + "URL; e.g. http://127.0.0.1:9090",
                "observability.yaml:8: incident_response[3] (slack): webhook_url: missing; slack needs an incoming "
                        + "webhook URL, e.g. webhook_url: \"{{env.SLACK_WEBHOOK_URL}}\"",
                "observability.yaml:11: incident_response[4] (webhook): unknown key 'channel'; accepted: type, "
                        + "priorities, url, webhook_url, secret, name",
                "observability.yaml:14: incident_response[5] (webhook): unknown key 'repeat_interval'; accepted: type, "
                        + "priorities, url, webhook_url, secret, name",
                "observability.yaml:17: incident_response[6] (alertmanager): repeat_interval: window 'often' is not "
                        + "valid; expected a number followed by s, m, h, d or w (e.g. 5m, 1h, 30d, 4w)",
                "observability.yaml:19: incident_response[7] (pagerduty): routing_key: environment variable PD_KEY "
                        + "is not set (referenced as {{env.PD_KEY}}); set it or write {{env.PD_KEY:-default}}",
                "observability.yaml:22: incident_response[8] (webhook): priorities: 'P5' is not a priority; "
                        + "expected P0, P1, P2 or P3");
    }

    @Test
    void aSecretOfAReceiverNeverAppearsInItsProblems() {
        // given a Slack URL that is not a URL, and a routing key pasted under a misspelt key
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> config("""
                  - type: slack
                    webhook_url: "{{env.HOOK}}"
                  - type: pagerduty
                    routing_kye: "literal-routing-key-4321"
                """, Map.of("HOOK", "not-a-url-s3cr3t")));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "observability.yaml:4: incident_response[0] (slack): webhook_url: is not an http(s) URL (the value "
                        + "is a secret and not shown)",
                "observability.yaml:5: incident_response[1] (pagerduty): routing_key: missing; pagerduty needs the "
                        + "integration key of an Events API v2 integration, e.g. routing_key: "
                        + "\"{{env.PAGERDUTY_ROUTING_KEY}}\"",
                "observability.yaml:6: incident_response[1] (pagerduty): unknown key 'routing_kye'; did you mean "
                        + "'routing_key'?");
        assertThat(e.getMessage()).doesNotContain("s3cr3t", "literal-");
    }

    @Test
    void twoReceiversWithTheSameNameAreRefusedBecauseTheyWouldShareAnOutbox() {
        // given
        var builder = IncidentForwarder.withOutbox(outbox)
                .forwardTo(Receiver.webhook("http://127.0.0.1:1/a").named("hooks"))
                .forwardTo(Receiver.webhook("http://127.0.0.1:1/b").named("hooks"));

        // when / then
        assertThatThrownBy(builder::build).isInstanceOf(SloValidationException.class)
                .hasMessageContaining("receivers 0 and 1 are both named 'hooks'");
    }

    @Test
    void defaultReceiverNamesAreStableSoARestartFindsItsOutbox() {
        // given / when
        Receiver first = Receiver.alertmanager("http://127.0.0.1:9093");
        Receiver again = Receiver.alertmanager("http://127.0.0.1:9093");
        Receiver other = Receiver.alertmanager("http://127.0.0.1:9094");

        // then
        assertThat(first.name()).isEqualTo(again.name()).startsWith("alertmanager-");
        assertThat(other.name()).isNotEqualTo(first.name());
    }

    @Test
    void deliveryPolicyRefusesNonsenseNamingTheSetting() {
        assertThatThrownBy(() -> DeliveryPolicy.ofDefaults().withMaxPending(0))
                .hasMessage("maxPending must be at least 1, but was 0");
        assertThatThrownBy(() -> DeliveryPolicy.ofDefaults().withJitter(1.5))
                .hasMessage("jitter must be between 0 (inclusive) and 1 (exclusive), but was 1.5");
    }
}
