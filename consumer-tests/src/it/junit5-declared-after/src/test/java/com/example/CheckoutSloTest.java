package com.example;

import io.smartspec.slo.junit.SloCheck;
import org.junit.jupiter.api.Test;

/** One SLO check that holds and one that cannot; verify.groovy expects exactly that outcome. */
class CheckoutSloTest {

    @Test
    @SloCheck(name = "fast-checkout", invocations = 50, p99 = "1s")
    void aFastCheckoutMeetsItsSlo() {
        String.join(",", "a", "b", "c");
    }

    @Test
    @SloCheck(name = "slow-checkout", invocations = 3, p99 = "5ms")
    void aSlowCheckoutBreachesItsSlo() throws InterruptedException {
        Thread.sleep(20); // every invocation takes at least 20 ms
    }
}
