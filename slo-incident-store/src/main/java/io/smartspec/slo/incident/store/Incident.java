package io.smartspec.slo.incident.store;

import io.smartspec.slo.Priority;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * An incident: one breach of an SLO (or several, when it breached again within the reopen window),
 * with its state and timeline. Immutable; every field but the header is what its timeline says —
 * {@link #of(IncidentHeader, List)} folds the entries, so both stores keep only the header and the
 * appended entries.
 *
 * @param header       what the incident is about
 * @param state        open, acknowledged or resolved
 * @param breaching    true while the SLO is breached (between a breach and its recovery)
 * @param atOpen       the SLO's value when the incident opened
 * @param worst        its worst value while breached
 * @param latest       its latest value (breach, reminder or recovery)
 * @param atRecovery   its value at the last recovery
 * @param acknowledged who acknowledged it, when and why (empty when not, or reopened since)
 * @param resolved     who resolved it, when and why (empty when not, or reopened since)
 * @param escalatedAt  when it was escalated (PagerDuty)
 * @param updatedAt    the time of the last entry
 * @param timeline     every entry, oldest first
 * @since 0.1.0
 */
public record Incident(IncidentHeader header, IncidentState state, boolean breaching, Optional<SloSnapshot> atOpen,
                       Optional<SloSnapshot> worst, Optional<SloSnapshot> latest, Optional<SloSnapshot> atRecovery,
                       Optional<StateChange> acknowledged, Optional<StateChange> resolved,
                       Optional<Instant> escalatedAt, Instant updatedAt, List<TimelineEntry> timeline) {

    public Incident {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(state, "state");
        timeline = List.copyOf(timeline);
    }

    /** The incident its header and entries describe; entries whose id came before are skipped. */
    public static Incident of(IncidentHeader header, List<TimelineEntry> entries) {
        Incident i = new Incident(header, IncidentState.OPEN, false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                header.openedAt(), List.of());
        return i.with(entries);
    }

    /** This incident with the entries appended (those whose id it holds are skipped). */
    public Incident with(List<TimelineEntry> entries) {
        Set<String> ids = new HashSet<>();
        timeline.forEach(e -> ids.add(e.id()));
        List<TimelineEntry> all = new ArrayList<>(timeline);
        IncidentState st = state;
        boolean br = breaching;
        Optional<SloSnapshot> open = atOpen;
        Optional<SloSnapshot> w = worst;
        Optional<SloSnapshot> last = latest;
        Optional<SloSnapshot> rec = atRecovery;
        Optional<StateChange> ack = acknowledged;
        Optional<StateChange> res = resolved;
        Optional<Instant> esc = escalatedAt;
        Instant updated = updatedAt;
        for (TimelineEntry e : entries) {
            if (!ids.add(e.id())) {
                continue;
            }
            all.add(e);
            if (e.at().isAfter(updated)) {
                updated = e.at();
            }
            switch (e.kind()) {
                case BREACH, REMINDER, WORSENED -> {
                    if (e.kind() == TimelineEntry.Kind.BREACH) {
                        br = true;
                    }
                    if (e.slo().isPresent()) {
                        SloSnapshot s = e.slo().get();
                        if (open.isEmpty()) {
                            open = Optional.of(s);
                        }
                        if (w.isEmpty() || s.worseThan(w.get(), header.upperBound())) {
                            w = Optional.of(s);
                        }
                        last = Optional.of(s);
                    }
                }
                case RECOVERY -> {
                    br = false;
                    rec = e.slo();
                    if (e.slo().isPresent()) {
                        last = e.slo();
                    }
                }
                case ACKNOWLEDGED -> {
                    st = IncidentState.ACKNOWLEDGED;
                    ack = Optional.of(new StateChange(e.actor(), e.at(), e.text()));
                }
                case RESOLVED -> {
                    st = IncidentState.RESOLVED;
                    res = Optional.of(new StateChange(e.actor(), e.at(), e.text()));
                }
                case REOPENED -> {
                    st = IncidentState.OPEN;
                    ack = Optional.empty();
                    res = Optional.empty();
                    esc = Optional.empty();
                }
                case ESCALATED -> esc = Optional.of(e.at());
                case DELIVERY, REMEDIATION, NOTE -> {
                    // the timeline only
                }
            }
        }
        return new Incident(header, st, br, open, w, last, rec, ack, res, esc, updated, all);
    }

    public String id() {
        return header.id();
    }

    public String key() {
        return header.key();
    }

    public Priority priority() {
        return header.priority();
    }

    public Instant openedAt() {
        return header.openedAt();
    }

    /** When the SLO last recovered: the time of the last recovery entry, if it is not breached now. */
    public Optional<Instant> recoveredAt() {
        if (breaching) {
            return Optional.empty();
        }
        for (int i = timeline.size() - 1; i >= 0; i--) {
            if (timeline.get(i).kind() == TimelineEntry.Kind.RECOVERY) {
                return Optional.of(timeline.get(i).at());
            }
        }
        return Optional.empty();
    }

    /**
     * The share of the error budget burned while it lasted: the budget left at open minus the budget
     * left at recovery (or now, while breached). Empty for SLOs without an error budget.
     */
    public OptionalDouble budgetBurned() {
        Optional<SloSnapshot> end = breaching ? latest : atRecovery.or(() -> latest);
        if (atOpen.isEmpty() || end.isEmpty() || atOpen.get().budgetRemaining().isEmpty()
                || end.get().budgetRemaining().isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(atOpen.get().budgetRemaining().getAsDouble()
                - end.get().budgetRemaining().getAsDouble());
    }

    /** True when the timeline holds an entry with this id. */
    public boolean holds(String entryId) {
        return timeline.stream().anyMatch(e -> e.id().equals(entryId));
    }

    @Override
    public String toString() {
        return "incident " + id() + " [" + priority() + "] " + key() + ": " + state.id()
                + (breaching ? ", breached" : ", recovered") + " since " + openedAt();
    }
}
