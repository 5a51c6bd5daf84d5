package io.smartspec.slo.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How one receiver heard of the breach, from the delivery attempts in the incident's timeline.
 *
 * @param receiver     the receiver's name
 * @param type         its type ({@code pagerduty}, {@code alertmanager}, ...)
 * @param firstAttempt when the first attempt to deliver the breach ended
 * @param delivered    when the breach was first accepted
 * @param timeToAlert  from the first bad round to {@code delivered}
 * @param attempts     how many attempts the breach took (up to the first accepted, or all when none was)
 * @param lastOutcome  the outcome of the last of those attempts, with its error
 * @since 0.1.0
 */
public record Detection(String receiver, String type, Instant firstAttempt, Figure<Instant> delivered,
                        Figure<Duration> timeToAlert, int attempts, String lastOutcome) {
    public Detection {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(firstAttempt, "firstAttempt");
        Objects.requireNonNull(delivered, "delivered");
        Objects.requireNonNull(timeToAlert, "timeToAlert");
        Objects.requireNonNull(lastOutcome, "lastOutcome");
    }
}
