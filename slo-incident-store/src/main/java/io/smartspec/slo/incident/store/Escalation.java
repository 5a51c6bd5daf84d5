package io.smartspec.slo.incident.store;

import io.smartspec.slo.Secret;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Escalates P0 incidents still open (not acknowledged, not resolved) a while after they opened: a
 * PagerDuty Events API v2 {@code trigger} with the dedup key {@code slo-incident/<id>}, so PagerDuty
 * opens one page per incident however many replicas escalate it.
 * {@code Escalation.toPagerDuty(key).after(Duration.ofMinutes(15))}.
 *
 * @param routingKey the integration key of a PagerDuty Events API v2 integration (a secret)
 * @param endpoint   the events endpoint
 * @param after      how long a P0 incident may stay unacknowledged
 * @param every      how often due incidents are looked for
 * @since 0.1.0
 */
public record Escalation(Secret routingKey, URI endpoint, Duration after, Duration every) {

    public static final URI PAGERDUTY_EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");
    public static final Duration DEFAULT_AFTER = Duration.ofMinutes(15);
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(30);

    public Escalation {
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(every, "every");
        if (after.isNegative()) {
            throw new IllegalArgumentException("after must not be negative, but was " + after);
        }
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every must be positive, but was " + every);
        }
    }

    public static Escalation toPagerDuty(Secret routingKey) {
        return new Escalation(routingKey, PAGERDUTY_EVENTS, DEFAULT_AFTER, DEFAULT_EVERY);
    }

    public Escalation after(Duration after) {
        return new Escalation(routingKey, endpoint, after, every);
    }

    public Escalation every(Duration every) {
        return new Escalation(routingKey, endpoint, after, every);
    }

    public Escalation endpoint(URI endpoint) {
        return new Escalation(routingKey, endpoint, after, every);
    }

    @Override
    public String toString() {
        return "Escalation[pagerduty " + endpoint + ", P0 unacknowledged after " + after + ", routing key "
                + routingKey + "]";
    }
}
