package io.smartspec.slo.incident.store;

import io.smartspec.slo.monitor.SloEvent;

import java.time.Instant;
import java.util.Objects;
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
 * @since 0.1.0
 */
public record SloSnapshot(Instant at, String status, OptionalDouble value, String text,
                          OptionalDouble budgetRemaining) {

    public SloSnapshot {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(budgetRemaining, "budgetRemaining");
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
        return new SloSnapshot(r.evaluatedAt(), r.status().name(), value, text, budget);
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
