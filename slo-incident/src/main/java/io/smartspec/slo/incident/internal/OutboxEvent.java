package io.smartspec.slo.incident.internal;

import io.smartspec.slo.monitor.SloEvent;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An SLO event as the forwarder keeps it: the typed form of the version 1 payload
 * ({@code docs/webhook-payload.md}). Made from an {@link SloEvent} when it enters the forwarder, or
 * decoded once from an outbox file ({@link EventJson#read}); every receiver's request is rendered from
 * it, and it is written as JSON only where it leaves the process (the outbox file, the webhook body).
 *
 * @param id      the event's id (a UUID): receivers dedupe on it
 * @param kind    breach, recovery or still-breaching reminder
 * @param status  the SLO's status when the event was raised ({@code MET}, {@code BREACHED}, ...)
 */
public record OutboxEvent(String id, SloEvent.Kind kind, String dedupKey, String specId, String summary,
                          String status, Instant occurredAt, Instant since, long durationSeconds, SloInfo slo,
                          Optional<Amount> observed, Optional<Amount> margin, String detail,
                          Optional<Budget> errorBudget, Optional<Burn> burnRate, String query, String source) {

    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(slo, "slo");
    }

    /** What the payload says of the SLO. */
    public record SloInfo(String name, String description, String metric, String indicator, String objective,
                          String operator, Amount target, Optional<String> window, String priority,
                          Map<String, String> labels, Optional<String> runbook, Map<String, String> group) {

        /** An SLO that is not per label. */
        public SloInfo(String name, String description, String metric, String indicator, String objective,
                       String operator, Amount target, Optional<String> window, String priority,
                       Map<String, String> labels, Optional<String> runbook) {
            this(name, description, metric, indicator, objective, operator, target, window, priority, labels, runbook,
                    Map.of());
        }

        /** {@code checkout-errors{route="/pay"}} for an instance of a per-label SLO, else the name. */
        public String instanceName() {
            return name + io.smartspec.slo.Grouping.render(group);
        }
    }

    /** A quantity: {@code value} in {@code unit}, {@code canonical} in seconds or as a fraction; empty when not finite. */
    public record Amount(OptionalDouble value, String unit, OptionalDouble canonical, String text) {
    }

    /** The error budget of a ratio SLO; a count is empty when it was not finite. */
    public record Budget(OptionalDouble remaining, OptionalDouble consumed, OptionalDouble totalEvents,
                         OptionalDouble badEvents, OptionalDouble allowedBadEvents) {
    }

    /** The fastest burn rate of a ratio SLO over its window. */
    public record Burn(String window, OptionalDouble rate, OptionalDouble errorRatio) {
    }

    public boolean isRecovery() {
        return kind == SloEvent.Kind.RECOVERY;
    }

    /** The same event as a still-breaching reminder with a new id (Alertmanager re-sends). */
    public OutboxEvent reminder(String newId) {
        return new OutboxEvent(newId, SloEvent.Kind.STILL_BREACHING, dedupKey, specId, summary, status, occurredAt,
                since, durationSeconds, slo, observed, margin, detail, errorBudget, burnRate, query, source);
    }

    /** {@code breach of spec/slo}, for logs. */
    public String describe() {
        return EventJson.kind(kind) + " event of " + dedupKey;
    }
}
