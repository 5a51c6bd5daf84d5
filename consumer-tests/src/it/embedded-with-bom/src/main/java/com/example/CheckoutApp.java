package com.example;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.monitor.LoggingListener;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;

import java.time.Duration;

/** An application that embeds the SLO monitor over its own Micrometer registry. */
public final class CheckoutApp {

    static final SloSet SLOS = SloSet.named("checkout")
            .slo("p99-latency", s -> s.metric("checkout_p99", "checkout.requests p99").below(Duration.ofMillis(250)))
            .build();

    private CheckoutApp() {
    }

    /** Serves 100 checkouts of 1..100 ms, then runs one monitor round over the registry. */
    public static EvaluationRound serveAndMonitorOnce(MeterRegistry registry) {
        registry.config().meterFilter(SloMeterFilter.of(SLOS));
        Timer requests = registry.timer("checkout.requests");
        for (int ms = 1; ms <= 100; ms++) {
            requests.record(Duration.ofMillis(ms));
        }
        try (SloMonitor monitor = SloMonitor.builder()
                .slos(SLOS, MicrometerSource.of(registry))
                .listener(LoggingListener.create())
                .meterRegistry(registry)
                .build()) {
            return monitor.runOnce();
        }
    }
}
