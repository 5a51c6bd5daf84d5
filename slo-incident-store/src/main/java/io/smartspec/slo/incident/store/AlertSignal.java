package io.smartspec.slo.incident.store;

import io.smartspec.slo.Priority;

import java.time.Instant;
import java.util.Objects;

/**
 * A breach or recovery seen outside this process — an alert from the rules {@code slo rules}
 * generates, as Alertmanager's webhook delivers it. It feeds the same incident as the monitor's events
 * for the same {@code specId/sloName}.
 *
 * @param id       identifies this signal, so a re-sent webhook is recorded once
 * @param specId   the alert's {@code spec_id} label
 * @param sloName  the alert's {@code slo} label
 * @param priority its {@code priority} label
 * @param firing   true for a firing alert, false for a resolved one
 * @param at       when it started (firing) or ended (resolved)
 * @param text     its summary or description
 * @since 0.1.0
 */
public record AlertSignal(String id, String specId, String sloName, Priority priority, boolean firing, Instant at,
                          String text) {
    public AlertSignal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(sloName, "sloName");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(text, "text");
    }

    public String key() {
        return specId + "/" + sloName;
    }
}
