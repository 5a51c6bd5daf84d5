package io.smartspec.slo.incident.store;

import io.smartspec.slo.monitor.SloEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The SLO's value at one moment of an incident (at open, its worst, at recovery).
 *
 * @param at              when it was evaluated
 * @param status          {@code BREACHED}, {@code MET}, ...
 * @param value           the observed value in canonical units (seconds, a fraction, a number); empty
 *                        when it is not known (an alert from Prometheus carries only text)
 * @param text            the value as a human reads it, e.g. {@code 412 ms}, or the evaluator's detail
 * @param budgetRemaining the share of the error budget left (ratio SLOs)
 * @param events          the bad and all events the SLO's window held when it was evaluated (ratio SLOs;
 *                        empty for thresholds, alerts, and records written before they were kept)
 * @since 0.1.0
 */
public record SloSnapshot(Instant at, String status, OptionalDouble value, String text,
                          OptionalDouble budgetRemaining, Optional<Events> events) {

    public SloSnapshot {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(budgetRemaining, "budgetRemaining");
        Objects.requireNonNull(events, "events");
    }

    /** A snapshot without event counts. */
    public SloSnapshot(Instant at, String status, OptionalDouble value, String text, OptionalDouble budgetRemaining) {
        this(at, status, value, text, budgetRemaining, Optional.empty());
    }

    /**
     * The events of a ratio SLO's window, as its metric source counted them (a Prometheus
     * {@code increase()} may count fractions).
     *
     * @param bad   bad events in the window
     * @param total all events in the window
     * @since 0.1.0
     */
    public record Events(double bad, double total) {
        public Events {
            if (!(bad >= 0) || !(total >= 0) || !Double.isFinite(bad) || !Double.isFinite(total)) {
                throw new IllegalArgumentException("event counts must be finite numbers >= 0, but were bad=" + bad
                        + ", total=" + total);
            }
        }
    }

    /** The values of a monitor's event. */
    public static SloSnapshot of(SloEvent event) {
        return of(event.result());
    }

    /** The values of an evaluation. */
    public static SloSnapshot of(io.smartspec.slo.evaluation.SloResult r) {
        OptionalDouble value = r.observed().filter(q -> q.isFinite())
                .map(q -> OptionalDouble.of(q.canonicalValue())).orElse(OptionalDouble.empty());
        OptionalDouble budget = r.errorBudget().map(b -> b.remaining()).filter(Double::isFinite)
                .map(OptionalDouble::of).orElse(OptionalDouble.empty());
        String text = r.observed().map(Object::toString).orElse(r.detail());
        Optional<Events> events = r.errorBudget().filter(b -> b.badEvents() >= 0 && b.totalEvents() >= 0
                        && Double.isFinite(b.badEvents()) && Double.isFinite(b.totalEvents()))
                .map(b -> new Events(b.badEvents(), b.totalEvents()));
        return new SloSnapshot(r.evaluatedAt(), r.status().name(), value, text, budget, events);
    }

    /** True when this value is further from the objective than {@code other}'s. */
    public boolean worseThan(SloSnapshot other, boolean upperBound) {
        if (value.isEmpty()) {
            return false;
        }
        if (other.value.isEmpty()) {
            return true;
        }
        return upperBound ? value.getAsDouble() > other.value.getAsDouble()
                : value.getAsDouble() < other.value.getAsDouble();
    }

    @Override
    public String toString() {
        return text + " (" + status + " at " + at + ")";
    }
}
