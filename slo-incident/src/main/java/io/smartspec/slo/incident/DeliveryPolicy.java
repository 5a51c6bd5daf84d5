package io.smartspec.slo.incident;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard and how long the forwarder tries to deliver, and how much it keeps. Immutable; start from
 * {@link #ofDefaults()} and change what you need with the {@code with*} methods, which fail fast
 * ("maxPending must be at least 1, but was 0").
 *
 * <p>Retries: connection errors, timeouts, HTTP 408, 429 and 5xx are retried with exponential
 * backoff and jitter ({@code initialBackoff * multiplier^n}, randomised by {@code jitter}, capped
 * at {@code maxBackoff}); a {@code Retry-After} header on 429 or 503 replaces the backoff. Other
 * 4xx are not retried. An event still undelivered {@code maxAge} after it was raised is given up.
 *
 * <p>The outbox keeps at most {@code maxPending} events per receiver; see
 * {@link IncidentForwarder} for what happens when it is full.
 *
 * @param initialBackoff the wait before the first retry (default 1s)
 * @param multiplier     the backoff growth per retry (default 2)
 * @param jitter         the randomisation factor of the backoff, 0..1 (default 0.5)
 * @param maxBackoff     the longest wait between two attempts (default 5m)
 * @param maxAge         give up an event this long after it was raised (default 24h)
 * @param maxPending     the most events waiting per receiver, in memory and in the outbox (default 10,000)
 * @param requestTimeout the timeout of one HTTP request (default 10s)
 * @param closeTimeout   how long {@link IncidentForwarder#close()} waits for deliveries (default 10s)
 * @param syncWrites     whether outbox files are forced to the disk before the event is accepted:
 *                       survives a power cut as well as a process crash, at a cost per event
 *                       (default false: survives crashes of the process)
 * @since 0.1.0
 */
public record DeliveryPolicy(Duration initialBackoff, double multiplier, double jitter, Duration maxBackoff,
                             Duration maxAge, int maxPending, Duration requestTimeout, Duration closeTimeout,
                             boolean syncWrites) {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    public static final int DEFAULT_MAX_PENDING = 10_000;

    public DeliveryPolicy {
        positive("initialBackoff", initialBackoff);
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException("multiplier must be at least 1, but was " + multiplier);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be between 0 (inclusive) and 1 (exclusive), but was "
                    + jitter);
        }
        positive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff (" + initialBackoff
                    + "), but was " + maxBackoff);
        }
        positive("maxAge", maxAge);
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, but was " + maxPending);
        }
        positive("requestTimeout", requestTimeout);
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative, but was " + closeTimeout);
        }
    }

    public static DeliveryPolicy ofDefaults() {
        return new DeliveryPolicy(Duration.ofSeconds(1), 2, 0.5, Duration.ofMinutes(5), DEFAULT_MAX_AGE,
                DEFAULT_MAX_PENDING, Duration.ofSeconds(10), Duration.ofSeconds(10), false);
    }

    public DeliveryPolicy withBackoff(Duration initial, double multiplier, Duration max) {
        return new DeliveryPolicy(initial, multiplier, jitter, max, maxAge, maxPending, requestTimeout, closeTimeout,
                syncWrites);
    }

    public DeliveryPolicy withJitter(double jitter) {
        return new DeliveryPolicy(initialBackoff, multiplier, jitter, maxBackoff, maxAge, maxPending, requestTimeout,
                closeTimeout, syncWrites);
    }

    public DeliveryPolicy withMaxAge(Duration maxAge) {
        return new DeliveryPolicy(initialBackoff, multiplier, jitter, maxBackoff, maxAge, maxPending, requestTimeout,
                closeTimeout, syncWrites);
    }

    public DeliveryPolicy withMaxPending(int maxPending) {
        return new DeliveryPolicy(initialBackoff, multiplier, jitter, maxBackoff, maxAge, maxPending, requestTimeout,
                closeTimeout, syncWrites);
    }

    public DeliveryPolicy withRequestTimeout(Duration requestTimeout) {
        return new DeliveryPolicy(initialBackoff, multiplier, jitter, maxBackoff, maxAge, maxPending, requestTimeout,
                closeTimeout, syncWrites);
    }

    public DeliveryPolicy withCloseTimeout(Duration closeTimeout) {
        return new DeliveryPolicy(initialBackoff, multiplier, jitter, maxBackoff, maxAge, maxPending, requestTimeout,
                closeTimeout, syncWrites);
    }

    public DeliveryPolicy withSyncWrites(boolean syncWrites) {
        return new DeliveryPolicy(initialBackoff, multiplier, jitter, maxBackoff, maxAge, maxPending, requestTimeout,
                closeTimeout, syncWrites);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
    }
}
