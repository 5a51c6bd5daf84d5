package io.smartspec.slo.internal.monitor;

import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.monitor.SloEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns results into events on transitions only, per dedup key ({@code specId/slo}):
 * <ul>
 *   <li>BREACH once the SLO has been BREACHED (or NO_DATA, when alerting on no data) in every round
 *       for at least {@code breachFor} (like Prometheus {@code for:}); a round in between that is met
 *       or unknown restarts the wait;</li>
 *   <li>RECOVERY when a breached SLO is met again (an unknown round neither recovers nor re-fires);</li>
 *   <li>STILL_BREACHING every {@code reminderEvery} while the breach holds, if configured.</li>
 * </ul>
 *
 * <p>With a {@link BreachStateStore}, what listeners were told survives restarts: {@link #commit()}
 * writes the open breaches (id, since, the SLO) before their events are published, and
 * {@link #confirm(UUID)} records that every listener has taken a breach or recovery. A tracker restored
 * from the store therefore sends a recovery that happened while the process was down, keeps the id and
 * {@code since} of a breach that still holds (sending nothing), resolves the breaches of SLOs no longer
 * monitored, and publishes again, with the same id, a breach or recovery that a crash may have kept
 * from the listeners (receivers dedupe on the id).
 *
 * <p>Thread-safe: rounds call {@link #update} under the monitor's round lock; listener threads call
 * {@link #confirm}. Memory: one entry per SLO.
 */
public final class TransitionTracker {

    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.monitor.SloMonitor");

    private final Duration breachFor;
    private final Optional<Duration> reminderEvery;
    private final Optional<BreachStateStore> store;
    private final Map<String, State> states = new LinkedHashMap<>();
    private List<BreachStateStore.Entry> saved = List.of();

    /** A published breach or recovery that not every listener has taken yet. */
    private record Unconfirmed(SloEvent.Kind kind, UUID id, Instant since) {
    }

    private static final class State {
        Instant pendingSince;
        boolean fired;
        UUID breachId;
        Instant lastNotified;
        Unconfirmed unconfirmed;
        /** Restored from the store and not yet seen in this process: its unconfirmed event is replayed. */
        boolean restored;
        String specId;
        Slo slo;
        String source = "";
        String query = "";
    }

    public TransitionTracker(Duration breachFor, Optional<Duration> reminderEvery) {
        this(breachFor, reminderEvery, Optional.empty());
    }

    public TransitionTracker(Duration breachFor, Optional<Duration> reminderEvery, Optional<BreachStateStore> store) {
        this.breachFor = breachFor;
        this.reminderEvery = reminderEvery;
        this.store = store;
        store.ifPresent(this::restore);
    }

    private void restore(BreachStateStore s) {
        List<BreachStateStore.Entry> entries = s.load();
        for (BreachStateStore.Entry e : entries) {
            State st = new State();
            st.pendingSince = e.since().orElse(null);
            st.fired = e.breachId().isPresent();
            st.breachId = e.breachId().orElse(null);
            st.lastNotified = e.lastNotified().orElse(null);
            st.unconfirmed = e.unconfirmed().map(u -> new Unconfirmed(u.kind(), u.id(), u.since())).orElse(null);
            st.restored = true;
            st.specId = e.specId();
            st.slo = e.slo();
            st.source = e.source();
            st.query = e.query();
            states.put(e.specId() + "/" + e.slo().instanceName(), st);
        }
        saved = List.copyOf(entries);
        if (!entries.isEmpty()) {
            long open = states.values().stream().filter(st -> st.fired).count();
            LOG.log(System.Logger.Level.INFO, () -> "restored the monitor state from " + s.file() + ": " + open
                    + " open breach(es), " + entries.size() + " SLO(s) in all");
        }
    }

    /**
     * The events the result causes, in order: at most one, or two on the first round after a restart
     * (a breach or recovery published again, then what the result itself causes).
     */
    public synchronized List<SloEvent> update(SloResult result, boolean alertWhenNoData, Instant now) {
        String key = result.specId() + "/" + result.slo().instanceName();
        State s = states.computeIfAbsent(key, k -> new State());
        s.specId = result.specId();
        s.slo = result.slo();
        s.source = result.source();
        s.query = result.query();
        Status status = result.status();
        boolean breaching = status == Status.BREACHED || (alertWhenNoData && status == Status.NO_DATA);
        List<SloEvent> events = new ArrayList<>(2);
        if (s.restored) {
            if (!breaching && !status.isMet()) {
                return events; // unknown: decide when the SLO is known again
            }
            s.restored = false;
            if (s.unconfirmed != null && s.unconfirmed.kind() == SloEvent.Kind.RECOVERY) {
                // the recovery may not have reached every listener before the process stopped: again, same id
                SloResult r = status.isMet() ? result : SloResult.unknown(result.specId(), result.slo(),
                        Status.NO_DATA, "the breach since " + s.unconfirmed.since() + " ended before a restart; "
                                + "this recovery is sent again in case it was not delivered", now, result.source(),
                        result.query());
                events.add(new SloEvent(SloEvent.Kind.RECOVERY, r, s.unconfirmed.since(), now, s.unconfirmed.id()));
                if (status.isMet()) {
                    return events;
                }
            } else if (s.unconfirmed != null && s.unconfirmed.kind() == SloEvent.Kind.BREACH) {
                // the breach may not have reached every listener: again, with its id and since (then, if
                // the SLO is met now, its recovery below)
                SloResult r = breaching ? result : SloResult.unknown(result.specId(), result.slo(), Status.NO_DATA,
                        "breached since " + s.unconfirmed.since() + " before a restart; this breach is sent again "
                                + "in case it was not delivered", now, result.source(), result.query());
                events.add(new SloEvent(SloEvent.Kind.BREACH, r, s.unconfirmed.since(), now, s.unconfirmed.id()));
                if (breaching) {
                    return events;
                }
            }
        }
        if (breaching) {
            if (s.pendingSince == null) {
                s.pendingSince = now;
            }
            if (!s.fired) {
                if (!Duration.between(s.pendingSince, now).minus(breachFor).isNegative()) {
                    s.fired = true;
                    s.breachId = UUID.randomUUID();
                    s.lastNotified = now;
                    s.unconfirmed = new Unconfirmed(SloEvent.Kind.BREACH, s.breachId, s.pendingSince);
                    events.add(new SloEvent(SloEvent.Kind.BREACH, result, s.pendingSince, now, s.breachId));
                }
            } else if (reminderEvery.isPresent()
                    && !Duration.between(s.lastNotified, now).minus(reminderEvery.get()).isNegative()) {
                s.lastNotified = now;
                events.add(new SloEvent(SloEvent.Kind.STILL_BREACHING, result, s.pendingSince, now));
            }
        } else if (status.isMet()) {
            if (s.fired) {
                SloEvent recovery = new SloEvent(SloEvent.Kind.RECOVERY, result, s.pendingSince, now);
                s.unconfirmed = new Unconfirmed(SloEvent.Kind.RECOVERY, recovery.id(), s.pendingSince);
                events.add(recovery);
            }
            s.pendingSince = null;
            s.fired = false;
            s.breachId = null;
            s.lastNotified = null;
        } else if (!s.fired) {
            s.pendingSince = null; // unknown: a pending breach must be seen again from the start
        }
        return events;
    }

    /**
     * Recoveries for the restored breaches of SLOs that are no longer monitored (the spec dropped them),
     * saying so; their state is forgotten once every listener has taken the recovery.
     */
    public synchronized List<SloEvent> resolveUnmonitored(Set<String> monitoredKeys, Instant now) {
        List<SloEvent> events = new ArrayList<>();
        for (Map.Entry<String, State> e : states.entrySet()) {
            State s = e.getValue();
            if (monitoredKeys.contains(e.getKey()) || !s.restored
                    || s.slo.grouping().isInstance() && monitoredKeys.contains(s.specId + "/" + s.slo.name())) {
                continue;
            }
            s.restored = false;
            boolean told = s.fired || s.unconfirmed != null;
            if (told) {
                Instant since = s.unconfirmed != null ? s.unconfirmed.since() : s.pendingSince;
                UUID id = s.unconfirmed != null && s.unconfirmed.kind() == SloEvent.Kind.RECOVERY
                        ? s.unconfirmed.id() : UUID.randomUUID();
                SloResult gone = SloResult.unknown(s.specId, s.slo, Status.NO_DATA, "'" + s.slo.instanceName()
                        + "' is no longer monitored (it is not in spec '" + s.specId + "' any more); its breach "
                        + "is resolved for that reason", now, s.source, s.query);
                events.add(new SloEvent(SloEvent.Kind.RECOVERY, gone, since, now, id));
                s.unconfirmed = new Unconfirmed(SloEvent.Kind.RECOVERY, id, since);
            }
            s.pendingSince = null;
            s.fired = false;
            s.breachId = null;
            s.lastNotified = null;
        }
        return events;
    }

    /** Every listener has taken this event (a breach or a recovery): it need not be replayed. */
    public synchronized void confirm(UUID eventId) {
        boolean changed = false;
        for (State s : states.values()) {
            if (s.unconfirmed != null && s.unconfirmed.id().equals(eventId)) {
                s.unconfirmed = null;
                changed = true;
            }
        }
        if (changed) {
            commit();
        }
    }

    /** Writes the state if it changed since the last write (atomically); a failure is logged, not thrown. */
    public synchronized void commit() {
        if (store.isEmpty()) {
            return;
        }
        List<BreachStateStore.Entry> now = new ArrayList<>();
        for (State s : states.values()) {
            if (s.slo == null || (s.pendingSince == null && !s.fired && s.unconfirmed == null)) {
                continue;
            }
            now.add(new BreachStateStore.Entry(s.specId, s.slo, s.source, s.query,
                    Optional.ofNullable(s.pendingSince), Optional.ofNullable(s.breachId),
                    Optional.ofNullable(s.lastNotified),
                    Optional.ofNullable(s.unconfirmed).map(u -> new BreachStateStore.Pending(u.kind(), u.id(),
                            u.since()))));
        }
        if (now.equals(saved)) {
            return;
        }
        if (store.get().save(now)) {
            saved = List.copyOf(now);
        }
    }

    /** The open breaches: dedup key to the breach's id. */
    public synchronized Map<String, UUID> openBreaches() {
        Map<String, UUID> open = new LinkedHashMap<>();
        states.forEach((k, s) -> {
            if (s.fired) {
                open.put(k, s.breachId);
            }
        });
        return open;
    }

    /** How many SLOs are tracked. */
    public synchronized int size() {
        return states.size();
    }
}
