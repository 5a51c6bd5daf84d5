package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.config.ReceiverConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated {@code alertmanager.yml} against Debian's {@code amtool} and a real Alertmanager
 * started with it: a page goes to the receivers of its priority, a ticket to those of its own, and a
 * page silences the ticket of the same SLO. The receivers are a JDK HttpServer on 127.0.0.1: two
 * webhooks, and PagerDuty's and Slack's endpoints pointed at it.
 */
class AlertmanagerConfigIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpServer hooks;
    private final List<Map.Entry<String, JsonNode>> received = new CopyOnWriteArrayList<>();
    private LocalServers.Server alertmanager;

    @BeforeEach
    void startReceivers() throws IOException {
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(Map.entry(exchange.getRequestURI().getPath(), JSON.readTree(body)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hooks.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) {
            alertmanager.close();
        }
        hooks.stop(0);
    }

    private String hook(String path) {
        return "http://127.0.0.1:" + hooks.getAddress().getPort() + path;
    }

    private List<ReceiverConfig> receivers() {
        return AlertmanagerConfigTest.receivers("""
                  - type: webhook
                    url: %s
                    priorities: [P0, P1]
                  - type: pagerduty
                    routing_key: "{{env.PD_KEY}}"
                    url: %s
                    priorities: [P0, P1]
                  - type: webhook
                    url: %s
                    priorities: [P2, P3]
                  - type: slack
                    webhook_url: "{{env.SLACK_URL}}"
                    channel: "#checkout"
                    priorities: [P2, P3]
                """.formatted(hook("/pager"), hook("/pagerduty"), hook("/tickets")),
                Map.of("PD_KEY", "pd-key-0123456789", "SLACK_URL", hook("/slack/T0/B0/secret-part")));
    }

    private Path write(AlertmanagerConfig config) {
        Path file = dir.resolve("alertmanager.yml");
        config.groupWait(Duration.ofSeconds(1)).writeTo(file);
        return file;
    }

    @Test
    void amtoolAcceptsTheFileWithSecretsInlineAndInFiles() throws Exception {
        Path amtool = Binaries.require("amtool");
        // given
        Path inline = write(AlertmanagerConfig.forSpec("checkout", Checkout.slos(), receivers())
                .inhibitLowerPriorities());
        // when
        Binaries.Run run = Binaries.run(dir, amtool.toString(), "check-config", inline.toString());
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS", "2 inhibit rules", "3 receivers");

        // given the secrets in files (amtool reads them)
        Path files = write(AlertmanagerConfig.forSpec("checkout", Checkout.slos(), receivers())
                .secretsInFiles(dir.resolve("secrets")));
        // when
        run = Binaries.run(dir, amtool.toString(), "check-config", files.toString());
        // then
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Files.readString(files)).doesNotContain("pd-key-0123456789").doesNotContain("secret-part");
    }

    @Test
    void aPageAndATicketReachTheReceiversOfTheirPriority() throws Exception {
        // given
        alertmanager = LocalServers.alertmanager(dir, write(AlertmanagerConfig.forSpec("checkout", Checkout.slos(),
                receivers())));
        // when: as Prometheus sends the generated alerts
        post(alert("CheckoutAvailabilityErrorBudgetBurn", "availability", "P1", "page"),
                alert("CheckoutQueueDepthThresholdMissed", "queue-depth", "P3", "ticket"));
        // then
        await("the page at /pager and PagerDuty, the ticket at /tickets and Slack", () ->
                paths("availability").containsAll(List.of("/pager", "/pagerduty"))
                        && paths("queue-depth").containsAll(List.of("/tickets", "/slack/T0/B0/secret-part")));
        assertThat(paths("availability")).doesNotContain("/tickets", "/slack/T0/B0/secret-part");
        assertThat(paths("queue-depth")).doesNotContain("/pager", "/pagerduty");
        JsonNode page = received.stream().filter(e -> e.getKey().equals("/pager")).findFirst().orElseThrow().getValue();
        assertThat(page.path("receiver").asText()).isEqualTo("checkout-webhook0-pagerduty1");
        assertThat(page.path("groupLabels").toString()).isEqualTo("{\"slo\":\"availability\",\"spec_id\":\"checkout\"}");
        JsonNode pagerDuty = received.stream().filter(e -> e.getKey().equals("/pagerduty")).findFirst().orElseThrow()
                .getValue();
        assertThat(pagerDuty.path("routing_key").asText()).isEqualTo("pd-key-0123456789");
        assertThat(pagerDuty.path("payload").path("severity").asText()).isEqualTo("critical");
        JsonNode slack = received.stream().filter(e -> e.getKey().startsWith("/slack")).findFirst().orElseThrow()
                .getValue();
        assertThat(slack.path("channel").asText()).isEqualTo("#checkout");
    }

    @Test
    void aPageSilencesTheTicketOfTheSameSlo() throws Exception {
        // given
        alertmanager = LocalServers.alertmanager(dir, write(AlertmanagerConfig.forSpec("checkout", Checkout.slos(),
                receivers())));
        // when: a P2 SLO burns fast and slow at once
        post(alert("CheckoutSuccessRateErrorBudgetBurn", "success-rate", "P2", "page"),
                alert("CheckoutSuccessRateErrorBudgetBurn", "success-rate", "P2", "ticket"));
        // then: Alertmanager holds the ticket back because of the page, and only the page is sent
        await("the ticket suppressed by the page", () -> state("success-rate", "ticket").equals("suppressed"));
        await("the page delivered", () -> paths("success-rate").contains("/tickets"));
        assertThat(state("success-rate", "page")).isEqualTo("active");
        for (Map.Entry<String, JsonNode> e : received) {
            e.getValue().path("alerts").forEach(a ->
                    assertThat(a.path("labels").path("severity").asText()).isEqualTo("page"));
        }
    }

    @Test
    void onRequestAP0PageSilencesLowerPrioritiesOfTheSpec() throws Exception {
        // given
        alertmanager = LocalServers.alertmanager(dir, write(AlertmanagerConfig.forSpec("checkout", Checkout.slos(),
                receivers()).inhibitLowerPriorities()));
        // when
        post(alert("CheckoutP99LatencyThresholdMissed", "p99-latency", "P0", "page"),
                alert("CheckoutQueueDepthThresholdMissed", "queue-depth", "P3", "ticket"));
        // then
        await("the P3 ticket suppressed by the P0 page", () -> state("queue-depth", "ticket").equals("suppressed"));
        await("the P0 page delivered", () -> paths("p99-latency").contains("/pager"));
        assertThat(paths("queue-depth")).isEmpty();
    }

    // ----- helpers -----------------------------------------------------------------------------------

    private static Map<String, Object> alert(String name, String slo, String priority, String severity) {
        return Map.of("labels", Map.of("alertname", name, "spec_id", "checkout", "slo", slo, "priority", priority,
                        "severity", severity),
                "annotations", Map.of("summary", "SLO " + slo + " of checkout", "description", "test"),
                "startsAt", Instant.now().toString());
    }

    @SafeVarargs
    private void post(Map<String, Object>... alerts) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(alertmanager.url() + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(List.of(alerts)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** The paths of the receivers that got a notification holding an alert of this SLO. */
    private List<String> paths(String slo) {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : received) {
            String body = e.getValue().toString();
            if (body.contains("\"slo\":\"" + slo + "\"") || body.contains("SLO " + slo + " of checkout")) {
                paths.add(e.getKey());
            }
        }
        return paths;
    }

    private String state(String slo, String severity) {
        try {
            JsonNode alerts = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(alertmanager.url()
                    + "/api/v2/alerts")).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
            for (JsonNode a : alerts) {
                if (a.path("labels").path("slo").asText().equals(slo)
                        && a.path("labels").path("severity").asText().equals(severity)) {
                    return a.path("status").path("state").asText();
                }
            }
            return "absent";
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20s: " + what + "; received " + received + "; log:\n"
                        + alertmanager.log());
            }
            Thread.sleep(100);
        }
    }
}
