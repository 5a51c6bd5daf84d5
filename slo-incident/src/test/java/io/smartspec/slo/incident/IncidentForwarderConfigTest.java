package io.smartspec.slo.incident;

import io.smartspec.slo.Priority;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code incident_response:} of observability.yaml, as parsed into {@link ReceiverConfig}s, builds the receivers. */
class IncidentForwarderConfigTest {

    @TempDir
    Path outbox;

    @Test
    void everyReceiverTypeIsBuiltWithItsPrioritiesAndOptions() {
        // given
        List<ReceiverConfig> config = List.of(
                new ReceiverConfig("alertmanager", 12, Optional.of("http://127.0.0.1:9093"), Map.of(),
                        Set.of(Priority.P0, Priority.P1), Map.of("repeat_interval", "2m")),
                new ReceiverConfig("pagerduty", 15, Optional.empty(),
                        Map.of("routing_key", Secret.of("k".repeat(32), "env PD_KEY")), Set.of(Priority.P0),
                        Map.of("name", "oncall")),
                new ReceiverConfig("slack", 18, Optional.empty(),
                        Map.of("webhook_url", Secret.of("https://hooks.slack.com/services/T/B/X", "env SLACK")),
                        Set.of(), Map.of()),
                new ReceiverConfig("webhook", 21, Optional.of("https://hooks.example.com/slo"),
                        Map.of("secret", Secret.of("hmac", "env HOOK_SECRET")), Set.of(), Map.of()));

        // when
        try (IncidentForwarder forwarder = IncidentForwarder.fromConfig(config, outbox)) {
            // then
            List<Receiver> receivers = forwarder.receivers();
            assertThat(receivers).extracting(Receiver::type).containsExactly(Receiver.Type.ALERTMANAGER,
                    Receiver.Type.PAGERDUTY, Receiver.Type.SLACK, Receiver.Type.WEBHOOK);
            assertThat(receivers.get(0).priorities()).containsExactlyInAnyOrder(Priority.P0, Priority.P1);
            assertThat(receivers.get(0).resendInterval()).isEqualTo(Duration.ofMinutes(2));
            assertThat(receivers.get(1).name()).isEqualTo("oncall");
            assertThat(receivers.get(1).endpoint().reveal()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
            assertThat(receivers.get(2).accepts(Priority.P3)).isTrue();
            assertThat(receivers.get(3).signingSecret()).isPresent();
            assertThat(outbox.resolve("oncall")).isDirectory();
        }
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLineAndWhatIsAccepted() {
        // given
        List<ReceiverConfig> config = List.of(
                new ReceiverConfig("opsgenie", 3, Optional.of("http://x"), Map.of(), Set.of(), Map.of()),
                new ReceiverConfig("pagerduty", 6, Optional.empty(), Map.of(), Set.of(), Map.of()),
                new ReceiverConfig("alertmanager", 9, Optional.of("ftp://127.0.0.1"), Map.of(), Set.of(), Map.of()),
                new ReceiverConfig("slack", 12, Optional.empty(), Map.of(), Set.of(), Map.of()));

        // when / then
        assertThatThrownBy(() -> IncidentForwarder.fromConfig("observability.yaml", config, outbox,
                DeliveryPolicy.ofDefaults()))
                .isInstanceOf(SloValidationException.class)
                .satisfies(e -> assertThat(((SloValidationException) e).problems()).hasSize(4))
                .hasMessageContaining("observability.yaml:3: incident_response[0]: type: 'opsgenie' is unknown; "
                        + "expected alertmanager, pagerduty, slack or webhook")
                .hasMessageContaining("observability.yaml:6: incident_response[1]: routing_key: missing")
                .hasMessageContaining("observability.yaml:9: incident_response[2]: alertmanager url: 'ftp://127.0.0.1' "
                        + "is not an http(s) URL")
                .hasMessageContaining("observability.yaml:12: incident_response[3]: webhook_url: missing");
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
