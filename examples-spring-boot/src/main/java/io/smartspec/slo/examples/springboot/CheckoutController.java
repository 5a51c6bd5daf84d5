package io.smartspec.slo.examples.springboot;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /checkout}: takes 5-40 ms and accepts the order, plus what the {@link Faults} inject (a
 * slowdown, a share of failures), as a bad deploy would. Spring Boot times every request in
 * {@code http.server.requests}; nothing here records a metric.
 */
@RestController
public class CheckoutController {

    private final Faults faults;

    public CheckoutController(Faults faults) {
        this.faults = faults;
    }

    @PostMapping("/checkout")
    public ResponseEntity<Map<String, String>> checkout(@RequestBody(required = false) String cart)
            throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Thread.sleep(5 + random.nextLong(36) + faults.slowdown().toMillis());
        if (random.nextDouble() < faults.errorRate()) {
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .body(Map.of("error", "payment provider unavailable"));
        }
        return ResponseEntity.ok(Map.of("order", "accepted"));
    }
}
