package io.smartspec.slo.examples.springboot;

import io.smartspec.slo.junit.SloCheck;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The checkout application's NFRs asserted in an integration test: one checkout over HTTP runs 200
 * times on 2 threads after 40 warm-up runs (the JVM's cold first requests are not what the spec is
 * about), and the spec's p99 latency and error rate are checked on what the client saw.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
class CheckoutSloCheckIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

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
