package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smartspec.slo.Priority;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.config.ReceiverConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code alertmanager.yml} holds, and how it keeps secrets. */
class AlertmanagerConfigTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path dir;

    static List<ReceiverConfig> receivers(String yaml, Map<String, String> env) {
        return ObservabilityConfig.parse("observability.yaml", "provider: prometheus\nurl: http://127.0.0.1:9090\n"
                + "incident_response:\n" + yaml, env).incidentResponse();
    }

    private static final String PAGER_AND_SLACK = """
              - type: pagerduty
                routing_key: "{{env.PD_KEY}}"
                priorities: [P0, P1]
              - type: slack
                webhook_url: "{{env.SLACK_URL}}"
                channel: "#checkout"
              - type: alertmanager
                url: http://127.0.0.1:9093
            """;
    private static final Map<String, String> ENV = Map.of("PD_KEY", "pd-routing-key-123",
            "SLACK_URL", "https://hooks.slack.com/services/T0/B0/very-secret");

    @Test
    void pagesAndTicketsOfEachPriorityGoToTheReceiversThatTakeIt() throws Exception {
        // given
        Path file = dir.resolve("alertmanager.yml");
        // when
        AlertmanagerConfig.forSpec("checkout", Checkout.slos(), receivers(PAGER_AND_SLACK, ENV)).writeTo(file);
        // then
        JsonNode am = YAML.readTree(file.toFile());
        JsonNode spec = am.path("route").path("routes").get(0);
        assertThat(spec.path("matchers").get(0).asText()).isEqualTo("spec_id=\"checkout\"");
        assertThat(am.path("route").path("group_by").toString()).isEqualTo("[\"spec_id\",\"slo\"]");
        List<String> routes = spec.path("routes").findValuesAsText("receiver");
        assertThat(routes).containsExactly("checkout-pagerduty0-slack1", "checkout-pagerduty0-slack1", "checkout-slack1",
                "checkout-slack1");
        assertThat(spec.path("routes").get(0).path("matchers").toString())
                .isEqualTo("[\"priority=~\\\"P0|P1\\\"\",\"severity=\\\"page\\\"\"]");
        assertThat(spec.path("routes").get(3).path("matchers").toString())
                .isEqualTo("[\"priority=~\\\"P2|P3\\\"\",\"severity=\\\"ticket\\\"\"]");
        JsonNode both = am.path("receivers").get(1);
        assertThat(both.path("pagerduty_configs").get(0).path("routing_key").asText()).isEqualTo("pd-routing-key-123");
        assertThat(both.path("slack_configs").get(0).path("api_url").asText())
                .isEqualTo("https://hooks.slack.com/services/T0/B0/very-secret");
        assertThat(both.path("slack_configs").get(0).path("channel").asText()).isEqualTo("#checkout");
    }

    @Test
    void aPageInhibitsTheTicketOfTheSameSloAndOnRequestAP0PageLowerPriorities() throws Exception {
        Path file = dir.resolve("alertmanager.yml");
        AlertmanagerConfig.forSpec("checkout", Checkout.slos(), receivers(PAGER_AND_SLACK, ENV))
                .inhibitLowerPriorities().writeTo(file);
        JsonNode inhibit = YAML.readTree(file.toFile()).path("inhibit_rules");
        assertThat(inhibit).hasSize(2);
        assertThat(inhibit.get(0).path("source_matchers").toString()).contains("severity=\\\"page\\\"");
        assertThat(inhibit.get(0).path("target_matchers").toString()).contains("severity=\\\"ticket\\\"");
        assertThat(inhibit.get(0).path("equal").toString()).isEqualTo("[\"spec_id\",\"slo\"]");
        assertThat(inhibit.get(1).path("source_matchers").toString()).contains("priority=\\\"P0\\\"");
        assertThat(inhibit.get(1).path("target_matchers").toString()).contains("priority=~\\\"P1|P2|P3\\\"");
        assertThat(inhibit.get(1).path("equal").toString()).isEqualTo("[\"spec_id\"]");
    }

    @Test
    void aFileWithSecretsIsWrittenOwnerOnlyAndNeverPrinted() throws Exception {
        // given a file that exists and anyone may read
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AlertmanagerConfig config = AlertmanagerConfig.forSpec("checkout", Checkout.slos(),
                receivers(PAGER_AND_SLACK, ENV));
        // when
        config.writeTo(file);
        // then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(config.holdsSecrets()).isTrue();
        assertThatThrownBy(config::generate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds secrets").hasMessageNotContaining("pd-routing-key-123");
        assertThat(config.toString()).doesNotContain("pd-routing-key-123");
    }

    @Test
    void withSecretsInFilesTheConfigurationHoldsOnlyTheirOwnerOnlyPaths() throws Exception {
        // given
        Path secrets = dir.resolve("secrets");
        AlertmanagerConfig config = AlertmanagerConfig.forSpec("checkout", Checkout.slos(),
                receivers(PAGER_AND_SLACK, ENV)).secretsInFiles(secrets);
        // when
        String yaml = config.generate();
        List<Path> written = config.writeTo(dir.resolve("alertmanager.yml"));
        // then
        assertThat(yaml).doesNotContain("pd-routing-key-123").doesNotContain("very-secret")
                .contains("routing_key_file: " + secrets.toAbsolutePath().resolve("checkout-pagerduty0-routing_key"))
                .contains("api_url_file: " + secrets.toAbsolutePath().resolve("checkout-slack1-webhook_url"));
        assertThat(written).hasSize(3);
        assertThat(Files.readString(secrets.resolve("checkout-pagerduty0-routing_key"))).isEqualTo("pd-routing-key-123");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
        for (Path secret : written.subList(1, 3)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        }
    }

    @Test
    void aShellStyleReferenceIsAnErrorNamingTheVariableNeverALiteral() {
        // given the seed's mistake: ${VAR} in a file Alertmanager reads as it is
        String yaml = """
                  - type: pagerduty
                    routing_key: "${PAGERDUTY_ROUTING_KEY}"
                  - type: slack
                    webhook_url: "{{env.SLACK_URL}}"
                    channel: "${SLACK_CHANNEL}"
                """;
        // when / then: observability.yaml is refused where it is read, both at once, with the file and line,
        // so no alertmanager.yml can be generated from it
        assertThatThrownBy(() -> AlertmanagerConfig.forSpec("checkout", Checkout.slos(),
                        receivers(yaml, Map.of("SLACK_URL", "https://hooks.slack.com/services/T0/B0/x")))
                .from("observability.yaml").writeTo(dir.resolve("alertmanager.yml")))
                .isInstanceOf(SloValidationException.class)
                .satisfies(e -> {
                    List<String> problems = ((SloValidationException) e).problems().stream().map(Object::toString)
                            .toList();
                    assertThat(problems).hasSize(2);
                    assertThat(problems.get(0)).contains("observability.yaml:5", "PAGERDUTY_ROUTING_KEY",
                            "{{env.PAGERDUTY_ROUTING_KEY}}");
                    assertThat(problems.get(1)).contains("observability.yaml:8", "SLACK_CHANNEL");
                });
        assertThat(dir.resolve("alertmanager.yml")).doesNotExist();
    }

    @Test
    void aWebhookThatMustBeSignedIsAnErrorBecauseAlertmanagerCannotSign() {
        List<ReceiverConfig> receivers = receivers("""
                  - type: webhook
                    url: https://hooks.example/slo
                    secret: "{{env.HOOK_SECRET}}"
                """, Map.of("HOOK_SECRET", "s3cr3t-value"));
        assertThatThrownBy(() -> AlertmanagerConfig.forSpec("checkout", Checkout.slos(), receivers).generate())
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining("cannot sign").hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void withoutAReceiverAlertmanagerCanNotifyItIsAnError() {
        List<ReceiverConfig> receivers = receivers("""
                  - type: alertmanager
                    url: http://127.0.0.1:9093
                """, Map.of());
        assertThatThrownBy(() -> AlertmanagerConfig.forSpec("checkout", Checkout.slos(), receivers).generate())
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining("no receiver Alertmanager can notify");
    }

    @Test
    void prioritiesNoReceiverTakesAreNamedInTheFile() {
        List<ReceiverConfig> receivers = receivers("""
                  - type: webhook
                    url: https://hooks.example/slo
                    priorities: [P0, P1]
                """, Map.of());
        AlertmanagerConfig config = AlertmanagerConfig.forSpec("checkout", Checkout.slos(), receivers);
        assertThat(config.routedPriorities()).containsExactly(Priority.P0, Priority.P1);
        assertThat(config.generate()).contains("No receiver takes the alerts of: success-rate (P2), "
                + "fast-checkout (P2), queue-depth (P3)");
    }
}
