package io.smartspec.slo.examples.springboot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.junit.SloCheck;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The checkout application's NFRs asserted in an integration test: one checkout over HTTP runs 200
 * times on 2 threads after 40 warm-up runs (the JVM's cold first requests are not what the spec is
 * about), and the spec's p99 latency and error rate are checked on what the client saw.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1") // and application.properties: smartspec.slo.spec=classpath:spec.md
class CheckoutSloCheckIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    /** The starter and smartspec.slo.spec alone: /actuator/slo is served, with the SLOs of spec.md evaluated. */
    @Test
    void theStarterAndOnePropertyServeTheSlos() throws Exception {
        JsonNode slos = await().atMost(Duration.ofSeconds(20)).until(
                () -> JSON.readTree(CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/slo")).build(), HttpResponse.BodyHandlers.ofString()).body()),
                body -> body.hasNonNull("evaluatedAt"));
        List<String> names = new ArrayList<>();
        slos.path("slos").forEach(s -> {
            names.add(s.path("name").asText());
            assertThat(s.path("status").asText()).isIn("MET", "AT_RISK", "BREACHED", "NO_DATA");
        });
        assertThat(names).containsExactly("checkout_latency_p99", "checkout_error_rate", "checkout_availability");
    }

    @Test
    @SloCheck(name = "checkout over HTTP", invocations = 200, warmup = 40, threads = 2, p99 = "250ms",
            errorRate = "2%")
    void checkout() throws Exception {
        HttpResponse<Void> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/checkout")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"cart\":42}")).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("checkout answered " + response.statusCode());
        }
    }
}
