package io.smartspec.slo.monitor;

import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.BurnRate;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.SloResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A change of an SLO's state that someone should hear about: a breach, a recovery, or a reminder
 * that a breach still holds. Immutable; {@link #toString()} reads as a sentence.
 *
 * @param kind     breach, recovery or still-breaching reminder
 * @param result   the evaluation that caused the event
 * @param since    when the current breach started (for a recovery: when the breach that ended started)
 * @param occurredAt when the event was raised
 * @param id       identifies this event, also when it is published again after a restart (receivers
 *                 dedupe on it); the monitor keeps the id of an open breach in its state directory
 * @since 0.1.0
 */
public record SloEvent(Kind kind, SloResult result, Instant since, Instant occurredAt, UUID id) {

    public enum Kind {
        /** The SLO went from met (or unknown) to BREACHED. */
        BREACH,
        /** The SLO was BREACHED and is met again. */
        RECOVERY,
        /** The SLO is still BREACHED; sent at the configured reminder interval. */
        STILL_BREACHING
    }

    public SloEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(id, "id");
    }

    /** An event with a new random id. */
    public SloEvent(Kind kind, SloResult result, Instant since, Instant occurredAt) {
        this(kind, result, since, occurredAt, UUID.randomUUID());
    }

    /** Identifies the incident across events and restarts: {@code specId/sloName}. */
    public String dedupKey() {
        return result.specId() + "/" + result.slo().name();
    }

    public String specId() {
        return result.specId();
    }

    public Slo slo() {
        return result.slo();
    }

    public String metric() {
        return result.slo().metric();
    }

    public Optional<Quantity> observed() {
        return result.observed();
    }

    public Objective objective() {
        return result.slo().objective();
    }

    public Priority priority() {
        return result.slo().priority();
    }

    /** The SLO's window: rolling or calendar (SLOs with an error budget). */
    public Optional<io.smartspec.slo.SloWindow> window() {
        return result.slo().window();
    }

    /** The share of the error budget left (ratio SLOs). */
    public Optional<Double> errorBudgetRemaining() {
        return result.errorBudget().map(ErrorBudget::remaining);
    }

    /** The fastest burn rate (ratio SLOs). */
    public Optional<BurnRate> burnRate() {
        return result.fastestBurn();
    }

    public String query() {
        return result.query();
    }

    public String source() {
        return result.source();
    }

    /** How long the breach has held (or held, for a recovery). */
    public Duration duration() {
        return Duration.between(since, occurredAt);
    }

    /** A one-line summary a human can act on. */
    public String summary() {
        String what = switch (kind) {
            case BREACH -> "SLO breached";
            case RECOVERY -> "SLO recovered";
            case STILL_BREACHING -> "SLO still breached";
        };
        String value = result.observed().map(o -> result.slo().metric() + " = " + o + ", objective "
                + result.slo().objective()).orElse(result.detail());
        return "[" + priority() + "] " + what + ": " + dedupKey() + " — " + value;
    }

    @Override
    public String toString() {
        return summary() + " (since " + since + ")";
    }
}
