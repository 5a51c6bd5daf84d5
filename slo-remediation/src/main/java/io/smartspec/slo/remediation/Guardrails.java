package io.smartspec.slo.remediation;

import java.time.Duration;
import java.util.Objects;

/**
 * When an action may run. All enforced by {@link Remediation}:
 * <ul>
 * <li>{@code after}: only once the breach has held this long (from its start, the first breached round);</li>
 * <li>never while the SLO's state is unknown (NO_DATA or ERROR);</li>
 * <li>{@code cooldown}: not again this soon after its last run (for any SLO);</li>
 * <li>{@code maxPerHour}, {@code maxPerDay}: at most this many runs in the last hour, the last 24 hours;</li>
 * <li>{@code timeout}: stopped (a command killed, with every process it started) after this long;</li>
 * <li>{@code dryRun}: records what would run, runs nothing;</li>
 * <li>{@code verifyWithin}: if the SLO has not recovered this long after the run, the incident is
 *     escalated instead of the action being repeated (an action runs at most once per breach).</li>
 * </ul>
 * {@code Guardrails.ofDefaults().after(Duration.ofMinutes(5)).cooldown(Duration.ofMinutes(30))}.
 *
 * @since 0.1.0
 */
public record Guardrails(Duration after, Duration cooldown, int maxPerHour, int maxPerDay, Duration timeout,
                         boolean dryRun, Duration verifyWithin) {

    public static final Duration DEFAULT_AFTER = Duration.ofMinutes(2);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_PER_HOUR = 2;
    public static final int DEFAULT_MAX_PER_DAY = 6;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_VERIFY_WITHIN = Duration.ofMinutes(5);

    public Guardrails {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(verifyWithin, "verifyWithin");
        if (after.isNegative()) {
            throw new IllegalArgumentException("after must not be negative, but was " + after);
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must not be negative, but was " + cooldown);
        }
        if (maxPerHour < 1) {
            throw new IllegalArgumentException("maxPerHour must be at least 1, but was " + maxPerHour);
        }
        if (maxPerDay < 1) {
            throw new IllegalArgumentException("maxPerDay must be at least 1, but was " + maxPerDay);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        if (verifyWithin.isNegative() || verifyWithin.isZero()) {
            throw new IllegalArgumentException("verifyWithin must be positive, but was " + verifyWithin);
        }
    }

    /** After 2 min, cooldown 15 min, at most 2 runs an hour and 6 a day, timeout 30 s, verified within 5 min. */
    public static Guardrails ofDefaults() {
        return new Guardrails(DEFAULT_AFTER, DEFAULT_COOLDOWN, DEFAULT_MAX_PER_HOUR, DEFAULT_MAX_PER_DAY,
                DEFAULT_TIMEOUT, false, DEFAULT_VERIFY_WITHIN);
    }

    public Guardrails after(Duration after) {
        return new Guardrails(after, cooldown, maxPerHour, maxPerDay, timeout, dryRun, verifyWithin);
    }

    public Guardrails cooldown(Duration cooldown) {
        return new Guardrails(after, cooldown, maxPerHour, maxPerDay, timeout, dryRun, verifyWithin);
    }

    public Guardrails maxPerHour(int maxPerHour) {
        return new Guardrails(after, cooldown, maxPerHour, maxPerDay, timeout, dryRun, verifyWithin);
    }

    public Guardrails maxPerDay(int maxPerDay) {
        return new Guardrails(after, cooldown, maxPerHour, maxPerDay, timeout, dryRun, verifyWithin);
    }

    public Guardrails timeout(Duration timeout) {
        return new Guardrails(after, cooldown, maxPerHour, maxPerDay, timeout, dryRun, verifyWithin);
    }

    public Guardrails dryRun(boolean dryRun) {
        return new Guardrails(after, cooldown, maxPerHour, maxPerDay, timeout, dryRun, verifyWithin);
    }

    public Guardrails verifyWithin(Duration verifyWithin) {
        return new Guardrails(after, cooldown, maxPerHour, maxPerDay, timeout, dryRun, verifyWithin);
    }
}
