package io.smartspec.slo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code slo dashboard}, {@code slo alertmanager} and {@code slo doctor} as a user runs them. */
class SloCliStackTest {

    private static final String SPECS = "src/test/resources/stack-specs";
    private static final String SECRET = "pd-routing-key-4242";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>(Map.of("PD_KEY", SECRET));

    @TempDir
    Path tmp;

    private int slo(String... args) {
        return new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), false).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dashboardPrintsTheGrafanaJsonOfTheSpec() throws Exception {
        int code = slo("dashboard", "--spec-id", "orders", "--specs-dir", SPECS, "--datasource", "prom");
        assertThat(code).as(err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.path("uid").asText()).isEqualTo("slo-orders");
        assertThat(json.path("title").asText()).isEqualTo("SLOs: orders");
        assertThat(json.path("refresh").asText()).isEqualTo("30s");
    }

    @Test
    void dashboardWritesGrafanaProvisioningFiles() throws Exception {
        Path dir = tmp.resolve("grafana");
        int code = slo("dashboard", "--spec-id", "orders", "--specs-dir", SPECS, "--provisioning", dir.toString());
        assertThat(code).as(err()).isZero();
        assertThat(dir.resolve("dashboards/slo-orders.json")).exists();
        assertThat(Files.readString(dir.resolve("slo-dashboards.yaml")))
                .contains("type: file", "path: '" + dir.resolve("dashboards").toAbsolutePath() + "'");
        assertThat(out()).isEmpty();
    }

    @Test
    void alertmanagerRefusesToPrintSecretsAndSaysHowToWriteThem() {
        int code = slo("alertmanager", "--spec-id", "orders", "--specs-dir", SPECS);
        assertThat(code).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("holds the secrets", "--out FILE", "--secrets-dir DIR").doesNotContain(SECRET);
        assertThat(out()).isEmpty();
    }

    @Test
    void alertmanagerWritesAnOwnerOnlyFileWithTheResolvedSecret() throws Exception {
        Path file = tmp.resolve("alertmanager.yml");
        int code = slo("alertmanager", "--spec-id", "orders", "--specs-dir", SPECS, "--out", file.toString());
        assertThat(code).as(err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("routing_key: " + SECRET, "receiver: orders-pagerduty0-webhook1",
                "receiver: orders-webhook1");
        assertThat(err()).contains("owner-only").doesNotContain(SECRET);
    }

    @Test
    void alertmanagerWithSecretsInFilesPrintsAConfigurationWithoutThem() throws Exception {
        Path secrets = tmp.resolve("secrets");
        int code = slo("alertmanager", "--spec-id", "orders", "--specs-dir", SPECS, "--secrets-dir", secrets.toString());
        assertThat(code).as(err()).isZero();
        assertThat(out()).contains("routing_key_file: " + secrets.toAbsolutePath().resolve("orders-pagerduty0-routing_key"))
                .doesNotContain(SECRET);
    }

    @Test
    void anUnsetSecretIsAnErrorNamingTheVariableAndNothingIsWritten() {
        env.remove("PD_KEY");
        Path file = tmp.resolve("alertmanager.yml");
        int code = slo("alertmanager", "--spec-id", "orders", "--specs-dir", SPECS, "--out", file.toString());
        assertThat(code).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("observability.yaml:12", "environment variable PD_KEY is not set");
        assertThat(file).doesNotExist();
    }

    @Test
    void doctorPrintsOneLinePerCheckAndExitsOneWhenOneFails() {
        int code = slo("doctor", "--spec-id", "orders", "--specs-dir", SPECS, "--alertmanager", "http://127.0.0.1:1",
                "--timeout", "2");
        assertThat(code).isEqualTo(1);
        assertThat(out()).contains("FAIL prometheus reachable: cannot reach http://127.0.0.1:1: connection refused; "
                        + "fix: start Prometheus, or correct url: in observability.yaml\n")
                .contains("FAIL alertmanager reachable: cannot reach http://127.0.0.1:1")
                .contains("slo doctor: 2 of 2 checks failed");
    }

    @Test
    void doctorWithoutAnAlertmanagerSaysSoAndRefusesATestAlert() {
        int code = slo("doctor", "--spec-id", "orders", "--specs-dir", SPECS, "--send-test-alert");
        assertThat(code).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("--send-test-alert needs an Alertmanager (--alertmanager URL)");
    }
}
