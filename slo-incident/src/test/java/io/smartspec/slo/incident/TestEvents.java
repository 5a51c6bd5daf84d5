package io.smartspec.slo.incident;

import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SLO events as the monitor raises them, for forwarder tests. */
final class TestEvents {

    static final Instant SINCE = Instant.parse("2026-11-22T10:00:00Z");

    private TestEvents() {
    }

    static Slo latencySlo(String name, Priority priority) {
        return Slo.named(name).description("Checkout must stay fast")
                .metric("api_latency_p99").below(Duration.ofMillis(200))
                .priority(priority).label("team", "payments")
                .runbook("https://runbooks.example.com/checkout-latency")
                .build();
    }

    /** checkout-p99 at 213.4 ms against < 200 ms, with 20% of an error budget left and burning 14.4x over 1h. */
    static SloEvent breach(String sloName, Priority priority, Instant at) {
        return new SloEvent(SloEvent.Kind.BREACH, result(sloName, priority, Status.BREACHED, 213.4, at), SINCE, at);
    }

    static SloEvent stillBreaching(String sloName, Priority priority, Instant at) {
        return new SloEvent(SloEvent.Kind.STILL_BREACHING, result(sloName, priority, Status.BREACHED, 215, at), SINCE,
                at);
    }

    static SloEvent recovery(String sloName, Priority priority, Instant at) {
        return new SloEvent(SloEvent.Kind.RECOVERY, result(sloName, priority, Status.MET, 150, at), SINCE, at);
    }

    static SloEvent breach(Priority priority) {
        return breach("checkout-p99", priority, Instant.now());
    }

    static SloResult result(String sloName, Priority priority, Status status, double millis, Instant at) {
        Slo slo = latencySlo(sloName, priority);
        ErrorBudget budget = ErrorBudget.of(0.999, 100_000, 80);
        return new SloResult("spec-core-001-authentication", slo, status, Optional.of(Quantity.millis(millis)),
                Optional.of(Quantity.millis(200 - millis)), "", Optional.of(budget),
                List.of(io.smartspec.slo.evaluation.BurnRate.of(Duration.ofHours(1), 0.0144, 0.999)), List.of(), at,
                "prometheus", "histogram_quantile(0.99, sum(rate(api_latency_bucket[5m])) by (le))");
    }
}
