package io.smartspec.slo.remediation;

import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.smartspec.slo.remediation.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The remediation: section of observability.yaml: read once, every problem located, at once. */
class RemediationConfigTest {

    private static final String HEAD = """
            provider: prometheus
            metrics:
              - name: checkout_error_rate
                query: error-rate
            """;

    @TempDir
    Path dir;

    @Test
    void everyProblemOfTheSectionIsLocatedAndReportedAtOnce() {
        String yaml = HEAD + """
                remediation:
                  dry_rn: true
                  actions:
                    heal:
                      command: "curl -X POST http://127.0.0.1:8080/admin/heal"
                      cooldown: soon
                      max_per_hour: 0
                    flag:
                      http:
                        method: FETCH
                        url: not-a-url
                        headers:
                          Authorization: "Bearer {{env.FLAG_TOKEN}}"
                    both:
                      command: [./heal.sh]
                      java: true
                  slos:
                    checkout-errors: heel
                  priorities:
                    P9: heal
                """;

        assertThatThrownBy(() -> ObservabilityConfig.parse("observability.yaml", yaml, Map.of()))
                .isInstanceOf(SloValidationException.class)
                .extracting(e -> ((SloValidationException) e).problems().stream().map(Object::toString).toList())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactly(
                        "observability.yaml:6: remediation: unknown key 'dry_rn'; did you mean 'dry_run'?",
                        "observability.yaml:9: remediation: actions: heal: command: expected a list of arguments, the "
                                + "program first (never a shell string; e.g. command: [kubectl, rollout, restart, "
                                + "deployment/checkout]), but was a text",
                        "observability.yaml:10: remediation: actions: heal: cooldown: 'soon' is not a duration; "
                                + "expected a number with a unit: ms, s, m or h (e.g. 10s, 500ms)",
                        "observability.yaml:11: remediation: actions: heal: max_per_hour: '0' is not a whole number "
                                + "from 1 to 1000",
                        "observability.yaml:14: remediation: actions: flag: http: method: 'fetch' is not accepted; "
                                + "expected one of get, post, put, patch, delete; did you mean 'patch'?",
                        "observability.yaml:15: remediation: actions: flag: http: url: 'not-a-url' is not an http(s) "
                                + "URL; e.g. http://127.0.0.1:9090",
                        "observability.yaml:17: remediation: actions: flag: http: headers.Authorization: "
                                + "environment variable FLAG_TOKEN is not set (referenced as {{env.FLAG_TOKEN}}); set it "
                                + "or write {{env.FLAG_TOKEN:-default}}",
                        "observability.yaml:20: remediation: actions: both: java: given with command; an action is "
                                + "one of command, http or java",
                        "observability.yaml:22: remediation: slos: checkout-errors: 'heel' is not an action of "
                                + "remediation: actions; expected one of heal, flag, both; did you mean 'heal'?",
                        "observability.yaml:24: remediation: priorities: P9: 'P9' is not a priority; expected P0, P1, "
                                + "P2 or P3");
    }

    @Test
    void withoutTheSectionTheFileReadsAsBefore() {
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", HEAD, Map.of());

        assertThat(Remediation.configured(config)).isFalse();
    }

    @Test
    void theSectionRoutesAnSloToItsActionWithItsGuardrailsAndSecrets() {
        // given a command routed by priority, run after 1 minute, with a token from the environment
        String yaml = HEAD + """
                remediation:
                  actions:
                    heal:
                      command: [sh, -c, 'echo "token $$TOKEN for $$SLO_KEY"']
                      env:
                        TOKEN: "{{env.HEAL_TOKEN}}"
                      after: 1m
                  priorities:
                    P1: heal
                """;
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", yaml,
                Map.of("HEAL_TOKEN", "tok-123456"));
        try (Incidents incidents = Incidents.in(IncidentStore.embedded(dir)).closeStoreOnClose().build()) {
            Remediation remediation = Remediation.fromConfig(config).recordTo(incidents).build();
            try {
                // when the P1 SLO breaches and holds 30 s, then 1 min
                feed(incidents, remediation, breach(0, 0));
                feed(remediation, round(Status.BREACHED, 0.5));
                assertThat(remediationTexts(incidents)).isEmpty();
                feed(remediation, round(Status.BREACHED, 1));

                // then it ran, and the token it printed is redacted
                assertThat(remediationTexts(incidents).get(0)).startsWith("remediation: running heal (command [sh, "
                        + "-c, echo \"token $TOKEN for $SLO_KEY\"] with TOKEN set): breached for 1 min (after 1 min)");
                assertThat(remediationTexts(incidents).get(1)).contains("exit 0; output: token **** for "
                        + "checkout/checkout-errors");
            } finally {
                remediation.close();
            }
        }
    }

    @Test
    void aJavaActionDeclaredInTheFileMustBeRegisteredInCode() {
        String yaml = HEAD + """
                remediation:
                  actions:
                    flip-flag:
                      java: true
                      cooldown: 1h
                  slos:
                    checkout-errors: flip-flag
                """;
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", yaml, Map.of());

        assertThatThrownBy(() -> Remediation.fromConfig(config).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("observability.yaml:8: remediation: actions: flip-flag: declared java: true, but no code "
                        + "was registered; call Remediation.Builder.action(\"flip-flag\", action)");
        Remediation.fromConfig(config).action("flip-flag", request -> ActionResult.ok("flag off")).build().close();
    }

    @Test
    void dryRunForTheWholeSectionRunsNoAction() {
        Path ran = dir.resolve("ran");
        String yaml = HEAD + """
                remediation:
                  dry_run: true
                  actions:
                    heal:
                      command: [touch, %s]
                      after: 0s
                  slos:
                    checkout-errors: heal
                """.formatted(ran);
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", yaml, Map.of());
        try (Incidents incidents = Incidents.in(IncidentStore.embedded(dir.resolve("incidents"))).closeStoreOnClose()
                .build()) {
            Remediation remediation = Remediation.fromConfig(config).recordTo(incidents).build();
            try {
                feed(incidents, remediation, breach(0, 0));
            } finally {
                remediation.close();
            }
            assertThat(java.nio.file.Files.exists(ran)).isFalse();
            assertThat(remediationTexts(incidents)).containsExactly("remediation: dry run: would run heal (command "
                    + "[touch, " + ran + "]); nothing was run; breached for 0 s (after 0 s): checkout_error_rate = "
                    + "12.5 %, objective < 1 %");
        }
    }
}
