package io.smartspec.slo.incident;

import io.smartspec.slo.monitor.SloEvent;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of a receiver to take an event, and its outcome: what an incident's timeline shows of
 * the forwarder's work. Immutable; {@link #toString()} reads as a sentence.
 *
 * @param eventId  the event's id (a UUID; reminders re-sent to Alertmanager have their own)
 * @param kind     breach, recovery or still-breaching reminder
 * @param dedupKey the incident's key, {@code specId/sloName}
 * @param receiver the receiver's name
 * @param type     the receiver's type
 * @param attempt  1 for the first attempt
 * @param outcome  what came of it
 * @param error    why it failed; empty when accepted
 * @param at       when the attempt ended
 * @since 0.1.0
 */
public record DeliveryAttempt(String eventId, SloEvent.Kind kind, String dedupKey, String receiver,
                              Receiver.Type type, int attempt, Outcome outcome, String error, Instant at) {

    /** The outcome of one attempt. */
    public enum Outcome {
        /** The receiver took the event (2xx). */
        ACCEPTED,
        /** It failed and will be tried again (connection error, timeout, 408, 429, 5xx). */
        RETRYING,
        /** The receiver refused it (other 4xx); it is not tried again. */
        REFUSED,
        /** It was older than the delivery policy's maxAge; given up. */
        EXPIRED
    }

    public DeliveryAttempt {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return type.id() + " '" + receiver + "' attempt " + attempt + " of the " + kind.name().toLowerCase()
                .replace('_', '-') + " event of " + dedupKey + ": " + outcome.name().toLowerCase()
                + (error.isEmpty() ? "" : " (" + error + ")");
    }
}
