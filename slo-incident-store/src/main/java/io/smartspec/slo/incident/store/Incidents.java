package io.smartspec.slo.incident.store;

import io.smartspec.slo.Operator;
import io.smartspec.slo.Priority;
import io.smartspec.slo.incident.DeliveryAttempt;
import io.smartspec.slo.incident.DeliveryRecorder;
import io.smartspec.slo.incident.store.IncidentStore.Change;
import io.smartspec.slo.incident.store.IncidentStore.Target;
import io.smartspec.slo.incident.store.internal.PagerDutyEscalator;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Incidents as records: turns the monitor's events, Alertmanager's alerts and the forwarder's
 * deliveries into incidents and their timelines in an {@link IncidentStore}, and lets people
 * acknowledge, resolve and annotate them. A {@link SloListener} (register it with the monitor,
 * before the forwarder) and a {@link DeliveryRecorder} (give it to the forwarder).
 *
 * <pre>{@code
 * Incidents incidents = Incidents.in(IncidentStore.embedded(Path.of(".slo/incidents")))
 *         .reopenWithin(Duration.ofMinutes(30))
 *         .build();
 * monitor.addListener(incidents);
 * IncidentForwarder forwarder = IncidentForwarder.withOutbox(dir).recordDeliveriesTo(incidents)...;
 * }</pre>
 *
 * <h2>The rules</h2>
 * <ul>
 * <li>One incident per breach of an SLO, keyed {@code specId/sloName}. A breach while the key's
 *     latest incident is breached changes nothing (a second monitor, a replayed event, Alertmanager
 *     and the monitor seeing the same breach). A breach after a recovery joins the latest incident
 *     when it is not resolved, or was resolved but recovered less than the reopen window ago (it is
 *     then reopened); otherwise it opens a new incident.</li>
 * <li>A recovery is recorded once, on a breached incident; it does not resolve it — people do
 *     (or {@link Builder#resolveOnRecovery(boolean)}).</li>
 * <li>Every event is in the store ({@code fsync} or {@code COMMIT}) before {@link #onEvent} returns,
 *     so the monitor moves on only when it is durable; a store that fails is tried again for a few
 *     seconds, then the failure is logged.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class Incidents implements SloListener, DeliveryRecorder, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Incidents.class.getName());
    public static final Duration DEFAULT_REOPEN_WINDOW = Duration.ofMinutes(30);
    /** Who the monitor's entries are by. */
    public static final String MONITOR = "slo-monitor";
    /** Who Alertmanager's entries are by. */
    public static final String ALERTMANAGER = "alertmanager";

    private final IncidentStore store;
    private final Duration reopenWindow;
    private final boolean resolveOnRecovery;
    private final Clock clock;
    private final Optional<PagerDutyEscalator> escalator;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsStore;

    private Incidents(Builder b) {
        this.store = b.store;
        this.reopenWindow = b.reopenWindow;
        this.resolveOnRecovery = b.resolveOnRecovery;
        this.clock = b.clock;
        this.ownsStore = b.ownsStore;
        this.escalator = b.escalation.map(e -> new PagerDutyEscalator(e));
        if (escalator.isPresent() && b.scheduleEscalation) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "smartspec-incident-escalation");
                t.setDaemon(true);
                return t;
            });
            long every = b.escalation.get().every().toMillis();
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    escalateDue();
                } catch (RuntimeException e) {
                    LOG.log(ERROR, "escalating incidents failed: " + e.getMessage());
                }
            }, every, every, TimeUnit.MILLISECONDS);
        } else {
            scheduler = null;
        }
    }

    /** Starts the definition of incidents kept in {@code store}. */
    public static Builder in(IncidentStore store) {
        return new Builder(store);
    }

    public IncidentStore store() {
        return store;
    }

    // ----- the monitor ---------------------------------------------------------------------------

    /** Records a breach, reminder or recovery; durable when it returns. */
    @Override
    public void onEvent(SloEvent event) {
        SloSnapshot snapshot = SloSnapshot.of(event);
        String key = event.dedupKey();
        TimelineEntry entry = new TimelineEntry(event.id().toString(), event.occurredAt(), switch (event.kind()) {
            case BREACH -> TimelineEntry.Kind.BREACH;
            case STILL_BREACHING -> TimelineEntry.Kind.REMINDER;
            case RECOVERY -> TimelineEntry.Kind.RECOVERY;
        }, MONITOR, event.summary(), Optional.of(snapshot), Optional.empty());
        Operator op = event.objective().operator();
        IncidentHeader header = new IncidentHeader(IncidentHeader.newId(), key, event.specId(), event.slo().name(),
                event.objective().toString(), op.isUpperBound(), event.priority(), event.since());
        durably("the " + event.kind().name().toLowerCase() + " of " + key, () -> store.update(new Target.ByKey(key),
                current -> decide(current, entry, header, event.occurredAt())));
    }

    /**
     * Records the SLO's new worst value when a round sees a breached SLO worse than ever in its open
     * incident (register with {@code SloMonitor.Builder.onRound(incidents::onRound)}): rounds between a
     * breach and its recovery raise no event, and the worst value is one of the incident's facts.
     */
    public void onRound(io.smartspec.slo.evaluation.EvaluationRound round) {
        for (io.smartspec.slo.evaluation.SloResult r : round.breaches()) {
            String key = r.specId() + "/" + r.slo().name();
            SloSnapshot s = SloSnapshot.of(r);
            if (s.value().isEmpty()) {
                continue;
            }
            try {
                Optional<Incident> current = store.latest(key);
                if (current.isEmpty() || !current.get().breaching() || !isWorse(current.get(), s)) {
                    continue; // the common case: read only
                }
                TimelineEntry entry = new TimelineEntry("worse/" + r.evaluatedAt(), r.evaluatedAt(),
                        TimelineEntry.Kind.WORSENED, MONITOR, r.slo().metric() + " = " + s.text() + ", worse than ever "
                        + "in this incident (objective " + r.slo().objective() + ")", Optional.of(s), Optional.empty());
                store.update(new Target.ByKey(key), c -> c.isPresent() && c.get().breaching() && isWorse(c.get(), s)
                        ? Change.append(entry) : Change.none());
            } catch (IncidentException e) {
                LOG.log(WARNING, () -> "cannot record the worst value of " + key + ": " + e.getMessage());
            }
        }
    }

    private static boolean isWorse(Incident incident, SloSnapshot s) {
        return incident.worst().map(w -> s.worseThan(w, incident.header().upperBound())).orElse(true);
    }

    /** Records a firing or resolved alert from Alertmanager; the same incident as the monitor's. */
    public Optional<Incident> onAlert(AlertSignal alert) {
        TimelineEntry entry = TimelineEntry.of(alert.id(), alert.at(), alert.firing() ? TimelineEntry.Kind.BREACH
                : TimelineEntry.Kind.RECOVERY, ALERTMANAGER, alert.text());
        IncidentHeader header = new IncidentHeader(IncidentHeader.newId(), alert.key(), alert.specId(),
                alert.sloName(), "", true, alert.priority(), alert.at());
        return store.update(new Target.ByKey(alert.key()), current -> decide(current, entry, header, alert.at()));
    }

    /** The one place where breaches and recoveries become incidents (see the class comment). */
    private Change decide(Optional<Incident> current, TimelineEntry entry, IncidentHeader header, Instant now) {
        if (current.isPresent() && current.get().holds(entry.id())) {
            return Change.none(); // published again after a restart
        }
        switch (entry.kind()) {
            case BREACH, REMINDER -> {
                if (current.isPresent() && current.get().breaching()) {
                    return entry.kind() == TimelineEntry.Kind.REMINDER ? Change.append(entry) : Change.none();
                }
                if (current.isPresent() && joins(current.get(), now)) {
                    TimelineEntry breach = entry.kind() == TimelineEntry.Kind.BREACH ? entry
                            : new TimelineEntry(entry.id(), entry.at(), TimelineEntry.Kind.BREACH, entry.actor(),
                            entry.text(), entry.slo(), entry.delivery());
                    if (current.get().state() == IncidentState.RESOLVED) {
                        return new Change.Append(List.of(breach, TimelineEntry.of(UUID.randomUUID().toString(),
                                entry.at(), TimelineEntry.Kind.REOPENED, entry.actor(), "breached again "
                                        + Duration.between(current.get().recoveredAt().orElse(now), now).toSeconds()
                                        + " s after the recovery, within the reopen window of " + reopenWindow)));
                    }
                    return Change.append(breach);
                }
                TimelineEntry breach = entry.kind() == TimelineEntry.Kind.BREACH ? entry
                        : new TimelineEntry(entry.id(), entry.at(), TimelineEntry.Kind.BREACH, entry.actor(),
                        entry.text(), entry.slo(), entry.delivery());
                return new Change.Open(header, List.of(breach));
            }
            case RECOVERY -> {
                if (current.isEmpty() || !current.get().breaching()) {
                    return Change.none();
                }
                if (resolveOnRecovery && current.get().state() != IncidentState.RESOLVED) {
                    return new Change.Append(List.of(entry, TimelineEntry.of(UUID.randomUUID().toString(),
                            entry.at(), TimelineEntry.Kind.RESOLVED, entry.actor(), "the SLO recovered")));
                }
                return Change.append(entry);
            }
            default -> throw new IllegalArgumentException("not an SLO event: " + entry.kind());
        }
    }

    /** A new breach joins the incident unless it was resolved and recovered longer than the window ago. */
    private boolean joins(Incident incident, Instant now) {
        if (incident.state() != IncidentState.RESOLVED) {
            return true;
        }
        Instant recovered = incident.recoveredAt().orElse(incident.resolved().map(StateChange::at)
                .orElse(incident.updatedAt()));
        return !recovered.plus(reopenWindow).isBefore(now);
    }

    // ----- the forwarder -------------------------------------------------------------------------

    /** Records a delivery attempt in the timeline of the key's latest incident. */
    @Override
    public void onAttempt(DeliveryAttempt a) {
        TimelineEntry entry = new TimelineEntry(a.eventId() + "/" + a.receiver() + "/" + a.attempt(), a.at(),
                TimelineEntry.Kind.DELIVERY, a.receiver(), a.toString(), Optional.empty(),
                Optional.of(new TimelineEntry.Delivery(a.receiver(), a.type().id(), a.kind().name().toLowerCase()
                        .replace('_', '-'), a.attempt(), a.outcome().name().toLowerCase(), a.error())));
        durably("the delivery attempt " + a, () -> store.update(new Target.ByKey(a.dedupKey()),
                current -> current.isPresent() ? Change.append(entry) : Change.none()));
    }

    // ----- other components ---------------------------------------------------------------------

    /**
     * Appends an entry to the timeline of the key's latest incident ({@code specId/sloName}), for the
     * components that act on incidents (slo-remediation records its runs, skips and outcomes so); an
     * entry whose id the incident holds is not appended again. Durable when it returns.
     *
     * @return false when the key has no incident
     * @throws IncidentException when the store fails
     * @since 0.1.0
     */
    public boolean append(String key, TimelineEntry entry) {
        Objects.requireNonNull(entry, "entry");
        return store.update(new Target.ByKey(key), current -> current.isPresent() ? Change.append(entry)
                : Change.none()).isPresent();
    }

    // ----- people --------------------------------------------------------------------------------

    /**
     * Acknowledges an open incident. {@code ref} is its id or its key ({@code specId/sloName}: the
     * key's latest incident).
     *
     * @throws IncidentException NOT_FOUND, or CONFLICT when it is acknowledged or resolved already
     */
    public Incident acknowledge(String ref, String by, String why) {
        requireActor(by);
        return change(ref, current -> {
            if (current.state() != IncidentState.OPEN) {
                throw new IncidentException(IncidentException.Reason.CONFLICT, "incident " + current.id() + " is "
                        + current.state().id() + " " + (current.state() == IncidentState.RESOLVED
                        ? current.resolved().orElseThrow() : current.acknowledged().orElseThrow())
                        + "; only an open incident can be acknowledged");
            }
            return Change.append(TimelineEntry.of(UUID.randomUUID().toString(), clock.instant(),
                    TimelineEntry.Kind.ACKNOWLEDGED, by, why));
        });
    }

    /**
     * Resolves an incident that is not resolved.
     *
     * @throws IncidentException NOT_FOUND, or CONFLICT when it is resolved already
     */
    public Incident resolve(String ref, String by, String why) {
        requireActor(by);
        return change(ref, current -> {
            if (current.state() == IncidentState.RESOLVED) {
                throw new IncidentException(IncidentException.Reason.CONFLICT, "incident " + current.id()
                        + " is resolved already " + current.resolved().orElseThrow());
            }
            return Change.append(TimelineEntry.of(UUID.randomUUID().toString(), clock.instant(),
                    TimelineEntry.Kind.RESOLVED, by, why));
        });
    }

    /** Adds a note to the timeline. */
    public Incident note(String ref, String by, String text) {
        requireActor(by);
        if (text == null || text.isBlank()) {
            throw new IncidentException(IncidentException.Reason.INVALID, "text: empty; a note needs some text");
        }
        return change(ref, current -> Change.append(TimelineEntry.of(UUID.randomUUID().toString(), clock.instant(),
                TimelineEntry.Kind.NOTE, by, text)));
    }

    /** The incident with this id, or the latest of this key ({@code specId/sloName}). */
    public Optional<Incident> find(String ref) {
        return ref.contains("/") ? store.latest(ref) : store.find(ref);
    }

    public List<Incident> list(IncidentQuery query) {
        return store.list(query);
    }

    private Incident change(String ref, java.util.function.Function<Incident, Change> decide) {
        Target target = ref.contains("/") ? new Target.ByKey(ref) : new Target.ById(ref);
        return store.update(target, current -> decide.apply(current.orElseThrow(() -> new IncidentException(
                IncidentException.Reason.NOT_FOUND, "no incident " + (ref.contains("/") ? "of the SLO " : "")
                + "'" + ref + "'; expected an incident id (slo incidents list) or specId/sloName"))))
                .orElseThrow();
    }

    private static void requireActor(String by) {
        if (by == null || by.isBlank()) {
            throw new IncidentException(IncidentException.Reason.INVALID, "by: empty; say who does it");
        }
    }

    // ----- escalation ----------------------------------------------------------------------------

    /**
     * Escalates every P0 incident open (unacknowledged) for longer than the escalation's {@code after}
     * and not escalated yet; returns how many were escalated. Called every {@code every} by a thread of
     * its own when {@link Builder#escalate(Escalation)} is set; tests call it with a fake clock.
     */
    public int escalateDue() {
        if (escalator.isEmpty()) {
            return 0;
        }
        PagerDutyEscalator esc = escalator.get();
        Instant now = clock.instant();
        int n = 0;
        for (Incident i : store.list(IncidentQuery.all().state(IncidentState.OPEN).priority(Priority.P0)
                .limit(1000))) {
            Instant openFor = i.timeline().stream().filter(e -> e.kind() == TimelineEntry.Kind.REOPENED)
                    .map(TimelineEntry::at).reduce((a, b) -> b).orElse(i.openedAt());
            if (i.escalatedAt().isPresent() || openFor.plus(esc.escalation().after()).isAfter(now)) {
                continue;
            }
            Optional<String> error = esc.trigger(i, now);
            if (error.isPresent()) {
                LOG.log(WARNING, () -> "cannot escalate " + i + " to PagerDuty: " + error.get()
                        + "; trying again in " + esc.escalation().every());
                continue;
            }
            TimelineEntry entry = TimelineEntry.of("escalated/" + UUID.randomUUID(), now,
                    TimelineEntry.Kind.ESCALATED, "pagerduty", "P0 unacknowledged for "
                            + Duration.between(openFor, now).toMinutes() + " min (more than " + esc.escalation().after()
                            + "); paged through PagerDuty with dedup key " + PagerDutyEscalator.dedupKey(i));
            store.update(new Target.ById(i.id()), current -> current.isPresent()
                    && current.get().escalatedAt().isEmpty() ? Change.append(entry) : Change.none());
            n++;
        }
        return n;
    }

    private void durably(String what, Runnable write) {
        long wait = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (IncidentException e) {
                if (e.reason() != IncidentException.Reason.STORE || attempt >= 5) {
                    LOG.log(ERROR, "cannot record " + what + " in the incident store " + store.describe() + ": "
                            + e.getMessage());
                    return;
                }
                int n = attempt;
                LOG.log(WARNING, () -> "recording " + what + " failed (attempt " + n + "): " + e.getMessage());
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                wait *= 2;
            }
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (ownsStore) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "Incidents[" + store.describe() + ", reopen window " + reopenWindow
                + escalator.map(e -> ", " + e.escalation()).orElse("") + "]";
    }

    /** Builds {@link Incidents}. */
    public static final class Builder {
        private final IncidentStore store;
        private Duration reopenWindow = DEFAULT_REOPEN_WINDOW;
        private boolean resolveOnRecovery;
        private Clock clock = Clock.systemUTC();
        private Optional<Escalation> escalation = Optional.empty();
        private boolean scheduleEscalation = true;
        private boolean ownsStore;

        private Builder(IncidentStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** A breach this soon after a recovery reopens the resolved incident (default 30 min). */
        public Builder reopenWithin(Duration window) {
            if (window.isNegative()) {
                throw new IllegalArgumentException("reopen window must not be negative, but was " + window);
            }
            this.reopenWindow = window;
            return this;
        }

        /** Resolve incidents when their SLO recovers (default false: people resolve them). */
        public Builder resolveOnRecovery(boolean resolve) {
            this.resolveOnRecovery = resolve;
            return this;
        }

        /** The clock of acknowledgements, notes and escalation; tests pass a fake one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Escalates unacknowledged P0 incidents (checked every {@link Escalation#every()}). */
        public Builder escalate(Escalation escalation) {
            this.escalation = Optional.of(escalation);
            return this;
        }

        /** False: no escalation thread; the caller calls {@link Incidents#escalateDue()} (tests). */
        public Builder escalateInBackground(boolean background) {
            this.scheduleEscalation = background;
            return this;
        }

        /** {@link Incidents#close()} closes the store too. */
        public Builder closeStoreOnClose() {
            this.ownsStore = true;
            return this;
        }

        public Incidents build() {
            return new Incidents(this);
        }
    }
}
