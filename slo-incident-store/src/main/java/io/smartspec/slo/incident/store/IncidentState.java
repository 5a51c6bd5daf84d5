package io.smartspec.slo.incident.store;

/**
 * Where a human stands with an incident: {@code OPEN -> ACKNOWLEDGED -> RESOLVED} (an incident may
 * be resolved without an acknowledgement; a breach within the reopen window opens it again).
 *
 * @since 0.1.0
 */
public enum IncidentState {
    OPEN, ACKNOWLEDGED, RESOLVED;

    /** {@code open}, {@code acknowledged}, {@code resolved}: as the API and the CLI write it. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code open}, {@code acknowledged} (or {@code ack}), {@code resolved}, any case. */
    public static java.util.Optional<IncidentState> parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "open" -> java.util.Optional.of(OPEN);
            case "acknowledged", "ack", "acked" -> java.util.Optional.of(ACKNOWLEDGED);
            case "resolved" -> java.util.Optional.of(RESOLVED);
            default -> java.util.Optional.empty();
        };
    }
}
