package com.example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter in a user's build: its own traffic, then /actuator/slo over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ShopSloTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void theSpecsSlosAreServedAtTheActuatorEndpoint() {
        for (int i = 0; i < 20; i++) {
            assertThat(http.getForEntity("/checkout", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        }

        ResponseEntity<String> slos = http.getForEntity("/actuator/slo", String.class);

        assertThat(slos.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(slos.getBody()).contains("checkout_latency_p99", "checkout_error_rate", "checkout_availability");
        assertThat(http.getForEntity("/actuator/slo/checkout_latency_p99", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/slo/no_such_slo", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}
