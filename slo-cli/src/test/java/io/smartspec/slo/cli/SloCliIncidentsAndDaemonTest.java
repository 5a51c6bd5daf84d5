package io.smartspec.slo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SloCliIncidentsAndDaemonTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @TempDir
    Path tmp;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        receiver.createContext("/incidents", exchange -> {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody()));
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
        return new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), false);
    }

    private Path specWithWebhook() throws IOException {
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
                "    priorities: [P0, P1]",
                ""));
        return tmp.resolve("specs");
    }

    @Test
    void runOnceForwardsItsBreachesToTheIncidentReceiversBeforeItExits() throws IOException {
        // given
        Path specs = specWithWebhook();
        env.put("P99", "213.4");

        // when
        int code = cli().run("monitor", "--spec-id", "checkout", "--specs-dir", specs.toString(),
                "--outbox", tmp.resolve("outbox").toString());

        // then
        assertThat(code).isEqualTo(SloCli.EXIT_BREACHED);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).toString()).contains("checkout/checkout_latency_p99").contains("213.4");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("forwarded 1 breach(es) to 1 receiver(s)");
    }

    @Test
    void runOnceWithNothingBreachedSendsNothing() throws IOException {
        Path specs = specWithWebhook();

        int code = cli().run("monitor", "--spec-id", "checkout", "--specs-dir", specs.toString(),
                "--outbox", tmp.resolve("outbox").toString());

        assertThat(code).isEqualTo(SloCli.EXIT_OK);
        assertThat(received).isEmpty();
    }

    @Test
    void theDaemonPrintsAStatusBlockEveryRoundAndStopsCleanlyWhenTold() throws Exception {
        // given
        Path specs = specWithWebhook();
        SloCli cli = cli();

        // when
        CompletableFuture<Integer> daemon = CompletableFuture.supplyAsync(() -> cli.run("monitor", "--spec-id",
                "checkout", "--specs-dir", specs.toString(), "--daemon", "--interval", "1",
                "--outbox", tmp.resolve("outbox").toString(), "--history", tmp.resolve("history").toString(),
                "--reports", tmp.resolve("reports").toString(), "--zone", "UTC"));
        while (count(out.toString(StandardCharsets.UTF_8), "3 SLOs: 3 met") < 2 && !daemon.isDone()) {
            Thread.sleep(50);
        }
        cli.stop();

        // then
        assertThat(daemon.get(10, TimeUnit.SECONDS)).isEqualTo(SloCli.EXIT_OK);
        assertThat(count(out.toString(StandardCharsets.UTF_8), "checkout - evaluated")).isGreaterThanOrEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("monitoring checkout every 1s").contains("stopped");

        // and the rounds it recorded make today's report
        out.reset();
        String lastHour = java.time.Instant.now().minusSeconds(3600) + ".." + java.time.Instant.now();
        int code = cli().run("report", "--spec-id", "checkout", "--specs-dir", specs.toString(), "--period",
                lastHour, "--zone", "UTC", "--history", tmp.resolve("history").toString(),
                "--format", "json");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(SloCli.EXIT_OK);
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(report.toString()).contains("checkout_latency_p99", "checkout_error_rate", "checkout_uptime");
    }

    @Test
    void aReportWithoutHistorySaysWhereItLookedAndHowToRecordOne() throws IOException {
        Path specs = specWithWebhook();

        int code = cli().run("report", "--spec-id", "checkout", "--specs-dir", specs.toString(), "--period",
                "daily", "--history", tmp.resolve("none").toString());

        assertThat(code).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no history in " + tmp.resolve("none"))
                .contains("slo monitor --daemon");
    }

    @Test
    void rulesRefusesASpecWhoseProviderDoesNotSpeakPromQl() {
        // given the checkout spec, read through a provider whose queries are not PromQL

        // when
        int code = cli().run("rules", "--spec-id", "checkout", "--specs-dir", "src/test/resources/specs");

        // then: nothing written, exit 2, and why
        assertThat(code).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("observability.yaml")
                .contains("provider: 'fixed' does not speak PromQL");
    }

    @Test
    void rulesWritesAPrometheusRulesFileWithBurnRateAlertsCarryingTheSpecLabels() throws IOException {
        Path file = tmp.resolve("rules/payments.yaml");

        int code = cli().run("rules", "--spec-id", "payments", "--specs-dir", "src/test/resources/specs",
                "--out", file.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(SloCli.EXIT_OK);
        JsonNode rules = new YAMLMapper().readTree(file.toFile());
        List<JsonNode> alerts = new java.util.ArrayList<>();
        rules.get("groups").forEach(g -> g.get("rules").forEach(r -> {
            if (r.has("alert")) {
                alerts.add(r);
            }
        }));
        assertThat(alerts).extracting(a -> a.get("labels").get("severity").asText()).contains("page", "ticket");
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.get("labels").get("spec_id").asText()).isEqualTo("payments");
            assertThat(a.get("labels").get("priority").asText()).matches("P[0-3]");
        });
        assertThat(file).content().contains("https://runbooks.example/payments");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
