package io.smartspec.slo.incident.store;

import io.smartspec.slo.Priority;

import java.time.Instant;
import java.util.Objects;

/**
 * What an incident is about, fixed when it opens.
 *
 * @param id         the incident's id (12 hex digits)
 * @param key        {@code specId/sloName}: one incident per breach of this SLO
 * @param specId     the spec's id
 * @param sloName    the SLO's name
 * @param objective  the SLO's objective as written, e.g. {@code < 300 ms}
 * @param upperBound true when higher values are worse (latency); false when lower are (availability)
 * @param priority   the SLO's priority
 * @param openedAt   when the breach that opened it started
 * @since 0.1.0
 */
public record IncidentHeader(String id, String key, String specId, String sloName, String objective,
                             boolean upperBound, Priority priority, Instant openedAt) {
    public IncidentHeader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(sloName, "sloName");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(openedAt, "openedAt");
    }

    /** A new id: 12 random hex digits. */
    public static String newId() {
        return java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
