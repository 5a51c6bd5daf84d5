package io.smartspec.slo.postmortem;

import java.time.Instant;
import java.util.Objects;

/**
 * The requests (events) that went bad during an incident of a ratio SLO, from the event counts of its
 * window recorded with the incident: the bad events the window held at its end (the recovery, or the
 * last entry while it is breached) minus those it held when the breach was recorded. Bad events before
 * the breach was recorded (its {@code breach_for}), and bad events that left the SLO's window meanwhile,
 * are not in it.
 *
 * @param count     {@code badAtEnd - badAtStart}, rounded to a whole number
 * @param start     when the breach was recorded (the incident's first entry with counts)
 * @param badAtStart bad events in the window then
 * @param end       the recovery, or the last entry with counts while the SLO is breached
 * @param badAtEnd  bad events in the window then
 * @param events    all events the window gained between {@code start} and {@code end}, rounded
 * @since 0.1.0
 */
public record RequestsAffected(long count, Instant start, double badAtStart, Instant end, double badAtEnd,
                               long events) {
    public RequestsAffected {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }
}
