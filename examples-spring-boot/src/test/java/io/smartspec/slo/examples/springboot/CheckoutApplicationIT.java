package io.smartspec.slo.examples.springboot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter end to end, over real HTTP on 127.0.0.1: checkouts are timed by Spring Boot, the monitor
 * evaluates the spec from that timer, and {@code /actuator/slo} and {@code /actuator/health} say so (checked
 * against what the client measured, not against the machine's speed). A
 * bad deploy (+300 ms) shows as a breach there and reaches the spec's webhook receiver.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "smartspec.slo.interval=500ms",
        // percentiles over the last 3s (Spring Boot's default is 2m), so the JVM's cold first requests,
        // sent before the measured ones, leave the window within the test
        "management.metrics.distribution.expiry[http.server.requests]=3s",
        "management.endpoint.health.show-components=always",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.probes.enabled=true",
        "management.endpoints.web.exposure.include=health,slo,prometheus"})
@AutoConfigureObservability // Spring Boot's tests leave out the Prometheus registry otherwise
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckoutApplicationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_UP = 40;
    private static final int MEASURED = 200;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<JsonNode> WEBHOOK_POSTS = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static Path outbox;

    @LocalServerPort
    int port;

    @Autowired
    Faults faults;

    /** The app's own observability.yaml, plus a webhook receiver on this test's port. */
    @DynamicPropertySource
    static void incidentReceiver(DynamicPropertyRegistry registry) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        receiver.createContext("/hooks/slo", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                WEBHOOK_POSTS.add(JSON.readTree(in));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Path dir = Files.createTempDirectory("checkout-slo");
        outbox = dir.resolve("outbox");
        String yaml;
        try (InputStream in = CheckoutApplicationIT.class.getResourceAsStream("/observability.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path config = dir.resolve("observability.yaml");
        Files.writeString(config, yaml + "incident_response:\n  - type: webhook\n    url: http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hooks/slo\n");
        registry.add("smartspec.slo.config", () -> "file:" + config);
        registry.add("smartspec.slo.incidents.outbox-dir", () -> outbox.toString());
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    @Order(1)
    void theSlosOfTheSpecAreEvaluatedFromTheApplicationsOwnTraffic() throws Exception {
        // the first requests of a fresh JVM take up to a second (class loading, JIT): send them, let them expire
        checkouts(WARM_UP);
        Thread.sleep(3500);
        List<Long> latencies = checkouts(MEASURED);

        JsonNode slos = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> JSON.readTree(get("/actuator/slo").body()),
                        body -> roundAfterTraffic(body, WARM_UP + MEASURED));
        // every request answered 200: availability and error rate are met, whatever the machine's speed
        JsonNode availability = slo(slos, "checkout_availability");
        assertThat(availability.path("status").asText()).isEqualTo("MET");
        assertThat(availability.path("value").path("value").asDouble()).isEqualTo(100.0);
        assertThat(availability.path("errorBudget").path("totalEvents").asDouble()).isEqualTo(WARM_UP + MEASURED);
        assertThat(availability.path("errorBudget").path("badEvents").asDouble()).isEqualTo(0.0);
        assertThat(availability.path("errorBudget").path("remaining").asDouble()).isEqualTo(1.0);
        assertThat(availability.path("burnRates").size()).isPositive();
        assertThat(slo(slos, "checkout_error_rate").path("status").asText()).isEqualTo("MET");
        assertThat(slo(slos, "checkout_error_rate").path("value").path("value").asDouble()).isEqualTo(0.0);

        // the p99 is the server's view of the requests the client timed: never above the client's p99
        JsonNode p99 = slo(slos, "checkout_latency_p99");
        double value = p99.path("value").path("value").asDouble();
        long clientP99 = latencies.stream().sorted().skip((long) Math.ceil(MEASURED * 0.99) - 1).findFirst().orElseThrow();
        assertThat(p99.path("objective").asText()).isEqualTo("< 250 ms");
        assertThat(p99.path("value").path("unit").asText()).isEqualTo("ms");
        assertThat(value).as("server p99 vs the client's p99 of %d ms", clientP99).isBetween(5.0, clientP99 * 1.01);
        assertThat(p99.path("margin").path("value").asDouble())
                .isCloseTo(250 - value, org.assertj.core.data.Offset.offset(0.01));
        // its status is the objective applied to that value (at risk within 10% of the bound)
        assertThat(p99.path("status").asText()).as("%s", p99)
                .isEqualTo(value >= 250 ? "BREACHED" : value > 225 ? "AT_RISK" : "MET");

        JsonNode one = JSON.readTree(get("/actuator/slo/checkout_latency_p99").body());
        assertThat(one.path("name").asText()).isEqualTo("checkout_latency_p99");
        assertThat(get("/actuator/slo/no_such_slo").statusCode()).isEqualTo(404);

        // the health indicator says UP exactly when every SLO of P0/P1 (all three here) is met
        HttpResponse<String> health = get("/actuator/health");
        JsonNode sloHealth = JSON.readTree(health.body()).path("components").path("slo");
        List<String> statuses = new ArrayList<>();
        sloHealth.path("details").path("slos").forEach(n -> statuses.add(n.asText()));
        assertThat(statuses).hasSize(3).contains("MET");
        boolean allMet = statuses.stream().allMatch(st -> st.equals("MET") || st.equals("AT_RISK"));
        assertThat(sloHealth.path("status").asText()).as("%s", sloHealth)
                .isEqualTo(allMet ? "UP" : statuses.contains("BREACHED") ? "DOWN" : "UNKNOWN");
        assertThat(health.statusCode()).isEqualTo(statuses.contains("BREACHED") ? 503 : 200);
        // restarting a pod does not fix an SLO: not part of the probes
        assertThat(JSON.readTree(get("/actuator/health/readiness").body()).path("components").has("slo")).isFalse();
        assertThat(JSON.readTree(get("/actuator/health/liveness").body()).path("components").has("slo")).isFalse();

        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("slo_status{").contains("slo=\"checkout_latency_p99\"");
        // the request timer carried the SLO's bucket at its threshold (250 ms) from the first request on
        assertThat(scrape.body().lines()).anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
                && line.contains("uri=\"/checkout\"") && line.contains("le=\"0.25\""));
    }

    @Test
    @Order(2)
    void aSlowdownShowsAsABreachAndReachesTheWebhookReceiver() throws Exception {
        faults.inject(Duration.ofMillis(300), 0);
        AtomicBoolean deployed = new AtomicBoolean(true);
        Thread slowTraffic = new Thread(() -> {
            while (deployed.get()) {
                try {
                    checkouts(2);
                } catch (Exception e) {
                    return;
                }
            }
        });
        slowTraffic.start();
        try {
            breachShows();
        } finally {
            deployed.set(false);
            slowTraffic.join();
            faults.clear();
        }
    }

    private void breachShows() throws Exception {
        JsonNode p99 = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> JSON.readTree(get("/actuator/slo/checkout_latency_p99").body()),
                        n -> n.path("status").asText().equals("BREACHED"));
        assertThat(p99.path("value").path("value").asDouble()).isGreaterThanOrEqualTo(300.0);
        assertThat(p99.path("margin").path("value").asDouble()).isNegative();

        HttpResponse<String> health = get("/actuator/health");
        JsonNode sloHealth = JSON.readTree(health.body()).path("components").path("slo");
        assertThat(sloHealth.path("status").asText()).isEqualTo("DOWN");
        assertThat(sloHealth.path("details").path("breached").toString()).contains("checkout_latency_p99");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        // the breach was posted (when the p99 crossed the objective: now, or already under the cold start)
        await().atMost(Duration.ofSeconds(20)).until(() -> WEBHOOK_POSTS.stream().anyMatch(post ->
                post.path("kind").asText().equalsIgnoreCase("breach")
                        && post.path("spec_id").asText().equals("checkout")
                        && post.path("slo").path("name").asText().equals("checkout_latency_p99")));
    }

    /** Sends {@code n} checkouts on 2 threads, all answered 200; returns each one's milliseconds as the client saw them. */
    private List<Long> checkouts(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri("/checkout"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"cart\":42}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + 1;
                }));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<Long> f : sent) {
                latencies.add(f.get());
            }
            return latencies;
        } finally {
            pool.shutdown();
        }
    }

    /** Whether the answer is of a round that saw all {@code requests}. */
    private static boolean roundAfterTraffic(JsonNode slos, int requests) {
        JsonNode availability = slo(slos, "checkout_availability");
        return availability.path("errorBudget").path("totalEvents").asDouble() >= requests;
    }

    private static JsonNode slo(JsonNode slos, String name) {
        for (JsonNode s : slos.path("slos")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no SLO " + name + " in " + slos);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
