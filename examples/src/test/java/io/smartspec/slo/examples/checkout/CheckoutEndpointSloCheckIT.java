package io.smartspec.slo.examples.checkout;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.junit.SloCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The measured form of {@code @SloCheck}: the test body — one checkout over HTTP — runs 200 times
 * on 4 threads after 20 warm-up runs, and its latency percentiles and error rate are checked.
 */
class CheckoutEndpointSloCheckIT {

    private static CheckoutService service;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        service = CheckoutService.start(new SimpleMeterRegistry(), 0);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    // tag::measured[]
    @Test
    @SloCheck(name = "checkout over HTTP", invocations = 200, warmup = 20, threads = 4,
            p50 = "100ms", p99 = "250ms", errorRate = "1%")
    void checkout() throws Exception {
        HttpResponse<Void> response = CLIENT.send(HttpRequest.newBuilder(service.uri())
                .POST(HttpRequest.BodyPublishers.ofString("{\"cart\":42}")).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("checkout answered " + response.statusCode());
        }
    }
    // end::measured[]
}
