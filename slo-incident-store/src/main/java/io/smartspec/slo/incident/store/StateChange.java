package io.smartspec.slo.incident.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Who changed an incident's state, when and why.
 *
 * @since 0.1.0
 */
public record StateChange(String by, Instant at, String why) {
    public StateChange {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(why, "why");
    }

    @Override
    public String toString() {
        return "by " + by + " at " + at + (why.isEmpty() ? "" : ": " + why);
    }
}
