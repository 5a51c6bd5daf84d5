package io.smartspec.slo.incident;

import java.util.Optional;

/**
 * What happened to the events of one receiver since the forwarder started. A snapshot; immutable.
 *
 * @param receiver          the receiver's name
 * @param type              the receiver's type
 * @param pending           events waiting in the outbox (including the one being delivered)
 * @param accepted          events written to the outbox for this receiver
 * @param delivered         events the receiver accepted (2xx)
 * @param retries           failed attempts that were retried (connection errors, timeouts, 429, 5xx)
 * @param rejected          events the receiver refused with a 4xx other than 408/429: not retried
 * @param expired           events given up because they were older than the maximum age
 * @param droppedWhenFull   reminders (still-breaching events) dropped to make room in a full outbox
 * @param rejectedWhenFull  new events refused because the outbox was full of breaches and recoveries
 * @param lastError         the last delivery failure, in words (no secrets)
 * @since 0.1.0
 */
public record ReceiverStats(String receiver, Receiver.Type type, int pending, long accepted, long delivered,
                            long retries, long rejected, long expired, long droppedWhenFull, long rejectedWhenFull,
                            Optional<String> lastError) {

    /** Events lost for good: refused by the receiver, expired, or refused by a full outbox. */
    public long lost() {
        return rejected + expired + droppedWhenFull + rejectedWhenFull;
    }

    @Override
    public String toString() {
        return type.id() + " '" + receiver + "': " + delivered + " delivered, " + pending + " pending, " + retries
                + " retries, " + rejected + " rejected, " + expired + " expired, " + droppedWhenFull
                + " reminders dropped and " + rejectedWhenFull + " refused when full"
                + lastError.map(e -> "; last error: " + e).orElse("");
    }
}
