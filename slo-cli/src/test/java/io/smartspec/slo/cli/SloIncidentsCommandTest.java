package io.smartspec.slo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code slo monitor} records incidents; {@code slo incidents} and {@code slo serve} manage them. */
class SloIncidentsCommandTest {

    private final Map<String, String> env = new HashMap<>();
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();
    private HttpServer receiver;

    @TempDir
    Path tmp;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        receiver.createContext("/incidents", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private SloCli cli() {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path specs() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("specs/checkout"));
        Files.copy(Path.of("src/test/resources/specs/shop/checkout/spec.md"), dir.resolve("spec.md"));
        Files.writeString(dir.resolve("observability.yaml"), String.join("\n",
                "provider: fixed",
                "metrics:",
                "  - name: checkout_latency_p99",
                "    query: \"{{env.P99:-150}}\"",
                "    unit: ms",
                "  - name: checkout_error_rate",
                "    query: \"0.01\"",
                "    unit: \"%\"",
                "  - name: checkout_uptime",
                "    query: \"99.99\"",
                "    unit: \"%\"",
                "incident_response:",
                "  - type: webhook",
                "    url: http://127.0.0.1:" + receiver.getAddress().getPort() + "/incidents",
                ""));
        return tmp.resolve("specs");
    }

    private int monitor(Path specs) {
        int code = cli().run("monitor", "--spec-id", "checkout", "--specs-dir", specs.toString(),
                "--outbox", tmp.resolve("slo/outbox").toString());
        assertThat(code).as("slo monitor printed %s", err.toString(StandardCharsets.UTF_8)).isLessThan(2);
        return code;
    }

    private JsonNode json() throws IOException {
        return new ObjectMapper().readTree(out());
    }

    @Test
    void aBreachSeenByMonitorRunsBecomesAnIncidentThatIsAcknowledgedAndResolvedFromTheCommandLine() throws Exception {
        // given a breach, a run that still sees it, and a recovery, each seen by a `slo monitor` run
        Path specs = specs();
        String db = tmp.resolve("slo/incidents").toString(); // beside the outbox: the default
        env.put("P99", "213.4");
        assertThat(monitor(specs)).isEqualTo(SloCli.EXIT_BREACHED);
        env.put("P99", "250");
        assertThat(monitor(specs)).isEqualTo(SloCli.EXIT_BREACHED);
        env.put("P99", "150");
        assertThat(monitor(specs)).isEqualTo(SloCli.EXIT_OK);

        // when
        assertThat(cli().run("incidents", "list", "--incidents-db", db, "--format", "json")).isZero();
        JsonNode list = json();
        assertThat(cli().run("incidents", "ack", "checkout/checkout_latency_p99", "--incidents-db", db,
                "--by", "alice", "--reason", "looking")).isZero();
        assertThat(cli().run("incidents", "ack", "checkout/checkout_latency_p99", "--incidents-db", db)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is acknowledged by alice");
        assertThat(cli().run("incidents", "note", "checkout/checkout_latency_p99", "--incidents-db", db,
                "--by", "bob", "--text", "a cold cache after the deploy")).isZero();
        String id = list.get("incidents").get(0).get("id").asText();
        assertThat(cli().run("incidents", "resolve", id, "--incidents-db", db, "--by", "alice")).isZero();
        assertThat(cli().run("incidents", "show", id, "--incidents-db", db)).isZero();

        // then one incident, its values and its whole timeline
        assertThat(list.get("incidents")).hasSize(1);
        JsonNode summary = list.get("incidents").get(0);
        assertThat(summary.get("key").asText()).isEqualTo("checkout/checkout_latency_p99");
        assertThat(summary.get("at_open").get("value").asDouble()).isEqualTo(0.2134);
        assertThat(summary.get("worst").get("value").asDouble()).isEqualTo(0.250);
        assertThat(summary.get("at_recovery").get("value").asDouble()).isEqualTo(0.150);
        String shown = out();
        assertThat(shown).contains("incident " + id, ": resolved, SLO recovered", "acked ", " by alice: looking");
        assertThat(shown.lines().filter(l -> l.startsWith("    ")).map(l -> l.trim().split("\\s+")[1]))
                .containsExactly("breach", "delivery", "worsened", "recovery", "delivery", "acknowledged", "note",
                        "resolved");
    }

    @Test
    void badArgumentsAreUsageErrorsAndAnUnknownIncidentIsNotFound() throws Exception {
        String db = tmp.resolve("db").toString();
        assertThat(cli().run("incidents", "list", "--state", "closed", "--incidents-db", db)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--state: 'closed'; expected open, acknowledged or resolved");
        assertThat(cli().run("incidents", "ack", "--incidents-db", db)).isEqualTo(2);
        assertThat(cli().run("incidents", "close", "x")).isEqualTo(2);
        assertThat(cli().run("incidents", "show", "0123456789ab", "--incidents-db", db)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no incident '0123456789ab'");
        assertThat(cli().run("incidents", "list", "--incidents-db", db)).isZero();
        assertThat(out()).contains("no incidents");
    }

    @Test
    void serveAnswersTheIncidentCommandsGivenItsUrl() throws Exception {
        Path specs = specs();
        String db = tmp.resolve("slo/incidents").toString();
        env.put("P99", "213.4");
        monitor(specs);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        env.put("SLO_INCIDENTS_TOKEN", "t0ken");
        SloCli server = cli();
        int p = port;
        CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(() -> server.run("serve",
                "--incidents-db", db, "--port", String.valueOf(p)));
        try {
            String url = "http://127.0.0.1:" + port;
            int code = -1;
            for (int i = 0; i < 100 && code != 0; i++) {
                code = cli().run("incidents", "list", "--url", url, "--format", "json");
                if (code != 0) {
                    Thread.sleep(100);
                }
            }
            assertThat(json().get("incidents")).hasSize(1);
            assertThat(cli().run("incidents", "ack", "checkout/checkout_latency_p99", "--url", url, "--by", "carol"))
                    .isZero();
            assertThat(out()).contains(": acknowledged, SLO breached");

            env.put("SLO_INCIDENTS_TOKEN", "wrong");
            assertThat(cli().run("incidents", "resolve", "checkout/checkout_latency_p99", "--url", url)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("answered 401");
        } finally {
            server.stop();
            assertThat(serving.get(20, TimeUnit.SECONDS)).isZero();
        }
    }
}
