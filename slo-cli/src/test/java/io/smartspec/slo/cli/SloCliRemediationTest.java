package io.smartspec.slo.cli;

import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.TimelineEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slo monitor --run-once} with a remediation: section, one process a minute as cron runs it: the
 * breach held for {@code after} is healed by a command, and the incident shows breach, action, recovery.
 */
class SloCliRemediationTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();

    @TempDir
    Path tmp;

    private int run(Instant at, String... args) {
        return new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.fixed(at, ZoneOffset.UTC), false)
                .run(args);
    }

    private Path spec(String remediation) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("specs/checkout"));
        Files.copy(Path.of("src/test/resources/specs/shop/checkout/spec.md"), dir.resolve("spec.md"));
        Files.writeString(dir.resolve("observability.yaml"), String.join("\n",
                "provider: fixed",
                "metrics:",
                "  - name: checkout_latency_p99",
                "    query: \"file:" + tmp.resolve("p99") + "\"",
                "    unit: ms",
                "  - name: checkout_error_rate",
                "    query: \"0.01\"",
                "    unit: \"%\"",
                "  - name: checkout_uptime",
                "    query: \"99.99\"",
                "    unit: \"%\"",
                remediation,
                ""));
        return tmp.resolve("specs");
    }

    private String[] monitor(Path specs) {
        return new String[] {"monitor", "--spec-id", "checkout", "--specs-dir", specs.toString(),
                "--outbox", tmp.resolve(".slo/outbox").toString()};
    }

    @Test
    void aCommandHealsTheBreachAcrossRunsAndTheIncidentShowsBreachActionRecovery() throws IOException {
        // given a slow checkout, and a command that fixes it (writes a good p99) once the breach held 1 minute
        Files.writeString(tmp.resolve("p99"), "250");
        Path specs = spec(String.join("\n",
                "remediation:",
                "  actions:",
                "    rollback:",
                "      command: [sh, -c, 'echo rolled back \"$$SLO_KEY\"; echo 150 > " + tmp.resolve("p99") + "']",
                "      after: 1m",
                "  slos:",
                "    checkout_latency_p99: rollback"));

        // when slo monitor --run-once runs every minute
        assertThat(run(T0, monitor(specs))).isEqualTo(SloCli.EXIT_BREACHED);
        assertThat(Files.readString(tmp.resolve("p99")).trim()).isEqualTo("250");
        assertThat(run(T0.plusSeconds(60), monitor(specs))).isEqualTo(SloCli.EXIT_BREACHED);
        assertThat(Files.readString(tmp.resolve("p99")).trim()).isEqualTo("150");
        assertThat(run(T0.plusSeconds(120), monitor(specs))).isEqualTo(SloCli.EXIT_OK);

        // then the incident shows breach -> action -> recovery
        try (IncidentStore store = IncidentStore.embedded(tmp.resolve(".slo/incidents"))) {
            Incident incident = store.latest("checkout/checkout_latency_p99").orElseThrow();
            assertThat(incident.timeline()).extracting(e -> e.kind().id()).containsExactly("breach", "remediation",
                    "remediation", "recovery", "remediation");
            List<String> texts = incident.timeline().stream().filter(e -> e.kind() == TimelineEntry.Kind.REMEDIATION)
                    .map(TimelineEntry::text).toList();
            assertThat(texts.get(0)).startsWith("running rollback (command [sh, -c, echo rolled back \"$SLO_KEY\"; "
                    + "echo 150 > ").contains("breached for 1 min (after 1 min): checkout_latency_p99 = 250 ms");
            assertThat(texts.get(1)).contains("rollback succeeded in ").endsWith(": exit 0; output: rolled back "
                    + "checkout/checkout_latency_p99; the SLO is verified within 5 min");
            assertThat(texts.get(2)).isEqualTo("the SLO recovered 1 min after rollback ran (verify within 5 min): "
                    + "healed");
        }
    }

    @Test
    void aBadRemediationSectionFailsValidateAndMonitorWithLocatedProblems() throws IOException {
        Files.writeString(tmp.resolve("p99"), "250");
        Path specs = spec(String.join("\n",
                "remediation:",
                "  actions:",
                "    rollback:",
                "      command: ./rollback.sh --now",
                "      timeout: forever",
                "  slos:",
                "    checkout_latency_p99: rolback"));
        String file = specs.resolve("checkout/observability.yaml").toString();

        int validate = run(T0, "validate", "--spec-id", "checkout", "--specs-dir", specs.toString());
        int monitor = run(T0, monitor(specs));

        assertThat(validate).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(monitor).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(file + ":15: remediation: actions: rollback: command: expected a list of arguments")
                .contains(file + ":16: remediation: actions: rollback: timeout: 'forever' is not a positive duration")
                .contains(file + ":18: remediation: slos: checkout_latency_p99: 'rolback' is not an action of "
                        + "remediation: actions; expected one of rollback; did you mean 'rollback'?")
                .doesNotContain("Exception");
        assertThat(Files.readString(tmp.resolve("p99")).trim()).isEqualTo("250");
    }

    @Test
    void anSloTheSpecDoesNotHaveIsALocatedProblem() throws IOException {
        Files.writeString(tmp.resolve("p99"), "150");
        Path specs = spec(String.join("\n",
                "remediation:",
                "  actions:",
                "    rollback:",
                "      command: [./rollback.sh]",
                "  slos:",
                "    checkout_latency_p95: rollback"));

        assertThat(run(T0, "validate", "--spec-id", "checkout", "--specs-dir", specs.toString()))
                .isEqualTo(SloCli.EXIT_USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("error: " + specs.resolve(
                "checkout/observability.yaml") + ":17: remediation: slos: checkout_latency_p95: 'checkout_latency_p95'"
                + " is not an SLO of spec 'checkout'");
        assertThat(run(T0, monitor(specs))).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(specs.resolve("checkout/observability.yaml")
                + ":17: remediation: slos: checkout_latency_p95: 'checkout_latency_p95' is not an SLO of spec "
                + "'checkout'; expected one of checkout_latency_p99, checkout_error_rate, checkout_uptime; did you mean "
                + "'checkout_latency_p99'?");
    }
}
