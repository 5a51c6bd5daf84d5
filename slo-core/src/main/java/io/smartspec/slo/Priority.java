package io.smartspec.slo;

import java.util.Locale;
import java.util.Optional;

/**
 * How urgent a breach of an SLO is. P0 wakes someone up; P3 can wait for office hours.
 * The default is {@link #P2}.
 *
 * @since 0.1.0
 */
public enum Priority {
    P0, P1, P2, P3;

    public static final Priority DEFAULT = P2;

    /** Parses {@code P0..P3} (any case), also {@code critical, high, medium, low}. */
    public static Optional<Priority> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "p0", "critical", "sev0", "sev1" -> P0;
            case "p1", "high", "sev2" -> P1;
            case "p2", "medium", "sev3" -> P2;
            case "p3", "low", "sev4" -> P3;
            default -> null;
        });
    }

    /** P0 and P1 page a human; P2 and P3 open a ticket. */
    public boolean pages() {
        return this == P0 || this == P1;
    }
}
