package io.smartspec.slo.incident.store;

import io.smartspec.slo.Priority;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which incidents to list; every filter is optional. {@code IncidentQuery.all().state(OPEN)}.
 *
 * @param state    only incidents in this state
 * @param specId   only incidents of this spec
 * @param priority only incidents of this priority
 * @param since    only incidents opened at or after this instant
 * @param limit    at most this many, newest first
 * @since 0.1.0
 */
public record IncidentQuery(Optional<IncidentState> state, Optional<String> specId, Optional<Priority> priority,
                            Optional<Instant> since, int limit) {

    public static final int DEFAULT_LIMIT = 100;

    public IncidentQuery {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(since, "since");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
        }
    }

    /** Every incident (the newest {@value #DEFAULT_LIMIT}). */
    public static IncidentQuery all() {
        return new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    public IncidentQuery state(IncidentState state) {
        return new IncidentQuery(Optional.of(state), specId, priority, since, limit);
    }

    public IncidentQuery specId(String specId) {
        return new IncidentQuery(state, Optional.of(specId), priority, since, limit);
    }

    public IncidentQuery priority(Priority priority) {
        return new IncidentQuery(state, specId, Optional.of(priority), since, limit);
    }

    public IncidentQuery since(Instant since) {
        return new IncidentQuery(state, specId, priority, Optional.of(since), limit);
    }

    public IncidentQuery limit(int limit) {
        return new IncidentQuery(state, specId, priority, since, limit);
    }

    /** True when the incident passes every filter. */
    public boolean matches(Incident incident) {
        return state.map(s -> s == incident.state()).orElse(true)
                && specId.map(s -> s.equals(incident.header().specId())).orElse(true)
                && priority.map(p -> p == incident.priority()).orElse(true)
                && since.map(s -> !incident.openedAt().isBefore(s)).orElse(true);
    }
}
