package io.smartspec.slo.examples.checkout;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.junit.SloCheck;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkout service's NFRs asserted in an integration test: after the test, the NFR table of
 * {@code specs/checkout/spec.md} is evaluated against what the service recorded in the test's
 * registry. On the healthy service it passes.
 *
 * <p>To see it fail as a bad deploy would make it fail, run it with the slowdown injected:
 * <pre>
 * CHECKOUT_BAD_DEPLOY=true ./mvnw -q -pl examples -am verify -Dtest=none -Dit.test=CheckoutSloCheckIT
 * </pre>
 * and read the failure: one message listing every violated objective.
 */
// tag::spec[]
@SloCheck(spec = "specs/checkout/spec.md") // and the observability.yaml beside it
class CheckoutSloCheckIT {

    @Test
    void checkoutMeetsItsSpecUnderLoad(MeterRegistry registry) throws Exception {
        try (CheckoutService service = CheckoutService.start(registry, 0)) {
            if (Boolean.parseBoolean(System.getenv("CHECKOUT_BAD_DEPLOY"))) {
                service.faults().inject(Duration.ofMillis(300), 0.2);
            }
            try (LoadGenerator load = LoadGenerator.start(service.uri(), 4, Duration.ofMillis(5))) {
                while (load.sent() < 400) {
                    Thread.sleep(50);
                }
            }
        }
        assertThat(registry.find(CheckoutService.TIMER).timers()).isNotEmpty();
    }
}
// end::spec[]
