package io.smartspec.slo.junit;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * Fixture classes for {@link SloCheckSpecTest}: the code under test records checkout requests in
 * Micrometer; {@code src/test/resources/spec/checkout/spec.md} says p99 < 200ms and > 99% successful.
 * Run only through the EngineTestKit.
 */
class SpecTestCases {

    static final String SPEC = "src/test/resources/spec/checkout/spec.md";

    /**
     * What the checkout code under test records: one timer sample and one counted outcome per request.
     * The timer publishes no percentile itself: the registry @SloCheck gives a test publishes the ones
     * the spec reads (SloMeterFilter); a registry of the test's own must be told (RegistryField).
     */
    static void checkout(MeterRegistry registry, int requests, Duration latency, int failures) {
        Timer timer = Timer.builder("checkout.latency").register(registry);
        for (int i = 0; i < requests; i++) {
            timer.record(latency);
            Counter.builder("checkout.requests").tag("outcome", i < failures ? "failure" : "success")
                    .register(registry).increment();
        }
    }

    static class Healthy {
        @Test
        @SloCheck(spec = SPEC)
        void checkout(MeterRegistry registry) {
            SpecTestCases.checkout(registry, 200, Duration.ofMillis(50), 0);
        }
    }

    static class Degraded {
        @Test
        @SloCheck(spec = SPEC)
        void checkout(MeterRegistry registry) {
            SpecTestCases.checkout(registry, 100, Duration.ofMillis(300), 10);
        }
    }

    static class RegistryField {
        private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        RegistryField() {
            registry.config().meterFilter(new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    return DistributionStatisticConfig.builder().percentiles(0.99).percentilePrecision(3).build()
                            .merge(config);
                }
            });
        }

        @Test
        @SloCheck(spec = SPEC)
        void checkout() {
            SpecTestCases.checkout(registry, 100, Duration.ofMillis(300), 0);
        }
    }

    static class NothingRecorded {
        @Test
        @SloCheck(spec = SPEC)
        void checkout(MeterRegistry registry) {
            // the code under test never ran
        }
    }

    static class NothingRecordedAllowed {
        @Test
        @SloCheck(spec = SPEC, failOnNoData = false)
        void checkout(MeterRegistry registry) {
            // the code under test never ran
        }
    }

    static class OnlyLatency {
        @Test
        @SloCheck(spec = SPEC, slos = "checkout_latency_p99")
        void checkout(MeterRegistry registry) {
            SpecTestCases.checkout(registry, 100, Duration.ofMillis(50), 50);
        }
    }

    static class UnknownSlo {
        @Test
        @SloCheck(spec = SPEC, slos = {"checkout_latency_p99", "checkout_p50"})
        void checkout(MeterRegistry registry) {
            SpecTestCases.checkout(registry, 1, Duration.ofMillis(50), 0);
        }
    }

    static class MissingConfig {
        @Test
        @SloCheck(spec = SPEC, config = "src/test/resources/spec/checkout/nope.yaml")
        void checkout(MeterRegistry registry) {
            SpecTestCases.checkout(registry, 1, Duration.ofMillis(50), 0);
        }
    }

    @SloCheck(spec = SPEC)
    static class ClassLevel {
        @Test
        void first(MeterRegistry registry) {
            SpecTestCases.checkout(registry, 100, Duration.ofMillis(50), 0);
        }

        @Test
        void second(MeterRegistry registry) {
            SpecTestCases.checkout(registry, 100, Duration.ofMillis(50), 20);
        }
    }

    static class MeasuredAndSpec {
        static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

        @Test
        @SloCheck(spec = SPEC, invocations = 10, p99 = "1s")
        void checkout(MeterRegistry registry) {
            // 10 x 10 requests: the 100 events a 99% objective needs before it is judged
            SpecTestCases.checkout(registry, 10, Duration.ofMillis(50), 0);
            SpecTestCases.checkout(REGISTRY, 1, Duration.ofMillis(50), 0);
        }
    }

    static class OtherProvider {
        @Test
        @SloCheck(spec = "src/test/resources/spec/fixed/spec.md")
        void readsTheConfiguredProvider() {
            // the provider answers 250 ms
        }
    }
}
