package io.smartspec.slo.incident.store;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.monitor.SloEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Monitor events of the SLO {@code checkout/checkout-p99} ({@code < 200 ms}), for the tests. */
public final class Events {

    public static final String SPEC = "checkout";
    public static final String KEY = "checkout/checkout-p99";
    public static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private Events() {
    }

    public static Slo slo(Priority priority) {
        return Slo.named("checkout-p99").metric("checkout_latency_p99").below(Duration.ofMillis(200))
                .priority(priority).build();
    }

    /** A breach at {@code T0 + minutes}, p99 {@code millis}, {@code budgetLeft} of the error budget left. */
    public static SloEvent breach(int minutes, double millis, double budgetLeft) {
        return event(SloEvent.Kind.BREACH, minutes, millis, budgetLeft, Status.BREACHED, Priority.P1);
    }

    public static SloEvent reminder(int minutes, double millis, double budgetLeft) {
        return event(SloEvent.Kind.STILL_BREACHING, minutes, millis, budgetLeft, Status.BREACHED, Priority.P1);
    }

    public static SloEvent recovery(int minutes, double millis, double budgetLeft) {
        return event(SloEvent.Kind.RECOVERY, minutes, millis, budgetLeft, Status.MET, Priority.P1);
    }

    public static SloEvent event(SloEvent.Kind kind, int minutes, double millis, double budgetLeft, Status status,
                                 Priority priority) {
        Instant at = T0.plus(Duration.ofMinutes(minutes));
        // bad events so that remaining() is budgetLeft: allowed = 0.001 * 1e6 = 1000
        ErrorBudget budget = ErrorBudget.of(0.999, 1_000_000, Math.round(1000 * (1 - budgetLeft)));
        SloResult r = new SloResult(SPEC, slo(priority), status, Optional.of(Quantity.millis(millis)),
                Optional.of(Quantity.millis(200 - millis)), "", Optional.of(budget), List.of(), List.of(), at, "test",
                "checkout_latency_p99");
        return new SloEvent(kind, r, at, at);
    }
}
