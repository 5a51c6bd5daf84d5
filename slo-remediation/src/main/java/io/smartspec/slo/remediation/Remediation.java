package io.smartspec.slo.remediation;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.store.IncidentException;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.incident.store.TimelineEntry;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloListener;
import io.smartspec.slo.remediation.internal.RemediationSection;
import io.smartspec.slo.remediation.internal.RemediationState;
import io.smartspec.slo.spec.LoadedSpec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Self-healing with guardrails: on a breach, runs the action routed to the SLO (by its name, else by
 * its priority) once the breach has held for the action's {@link Guardrails#after()}, never while the
 * SLO's state is unknown, within its cooldown and rate limits, stopped at its timeout; when the SLO has
 * not recovered {@link Guardrails#verifyWithin()} after the run, escalates instead of repeating it: an
 * {@code escalated} entry in the incident and the breach sent again, one priority higher, to
 * {@link Builder#escalateTo(SloListener)} (the forwarder: the receivers of that priority). Every run,
 * dry run, skip (with its reason), outcome (exit code or HTTP status, output excerpt with the action's
 * secrets redacted, duration) and recovery goes into the incident's timeline ({@link Builder#recordTo}).
 *
 * <pre>{@code
 * Remediation remediation = Remediation.builder()
 *         .action("heal-checkout", RemediationAction.command(List.of("curl", "-fsS", "-X", "POST", healUrl)),
 *                 Guardrails.ofDefaults().after(Duration.ofMinutes(1)))
 *         .forSlo("checkout-availability", "heal-checkout")
 *         .recordTo(incidents)
 *         .escalateTo(forwarder)
 *         .stateDirectory(Path.of(".slo/remediation"))
 *         .build();
 * SloMonitor.forSpec(spec).listener(incidents).listener(remediation).onRound(remediation::onRound)...
 * }</pre>
 *
 * <p>Or from {@code observability.yaml}'s {@code remediation:} section: {@link #fromConfig(ObservabilityConfig)}
 * ({@code slo monitor} does that when the section is there).
 *
 * <p>It hears the monitor's events ({@link #onEvent}: a breach, when it started, its recovery) and
 * rounds ({@link #onRound}: the SLO's state now, the clock of the guardrails: a round's time is "now").
 * Both return at once: decisions are taken on a thread of its own, actions run on threads of their
 * own, so a failing, throwing or hanging action never stops the monitor.
 *
 * @since 0.1.0
 */
public final class Remediation implements SloListener {

    private static final System.Logger LOG = System.getLogger(Remediation.class.getName());
    /** Who remediation's timeline entries are by. */
    public static final String ACTOR = "slo-remediation";
    /** How much output the timeline keeps. */
    public static final int OUTPUT_EXCERPT = 500;
    /** How long an interrupted action may take to stop (a command: to be killed) before it is given up. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private record Registered(String name, RemediationAction action, Guardrails guardrails) {
    }

    private final Map<String, Registered> actions;
    private final Map<String, String> bySlo;
    private final Map<Priority, String> byPriority;
    private final boolean dryRunAll;
    private final Optional<Incidents> incidents;
    private final Optional<SloListener> escalateTo;
    private final RemediationState state;
    private final ExecutorService decider;
    private final ExecutorService runners;
    private final Object idle = new Object();
    private int inFlight;
    private final Map<String, SloEvent> breachEvents = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    private Remediation(Builder b) {
        this.actions = Map.copyOf(b.actions);
        this.bySlo = Map.copyOf(b.bySlo);
        this.byPriority = b.byPriority.isEmpty() ? Map.of() : new EnumMap<>(b.byPriority);
        this.dryRunAll = b.dryRun;
        this.incidents = b.incidents;
        this.escalateTo = b.escalateTo;
        this.state = new RemediationState(b.stateDirectory.map(d -> d.resolve(RemediationState.FILE)));
        this.decider = Executors.newSingleThreadExecutor(daemon("slo-remediation"));
        this.runners = Executors.newCachedThreadPool(daemon("slo-remediation-action"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with the actions, guardrails and routes of the file's {@code remediation:} section;
     * actions declared {@code java: true} are registered with {@link Builder#action(String, RemediationAction)}.
     *
     * @throws SloValidationException every problem of the section, located; also when it has none
     */
    public static Builder fromConfig(ObservabilityConfig config) {
        List<Problem> problems = new ArrayList<>();
        Optional<RemediationSection.Parsed> parsed = RemediationSection.read(config.settings(), problems);
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new SloValidationException(problems);
        }
        if (parsed.isEmpty()) {
            throw new SloValidationException(List.of(Problem.error(config.file(), 0, "remediation: missing; "
                    + "add a remediation: section (actions:, slos: or priorities:)")));
        }
        Builder b = builder().dryRun(parsed.get().dryRun());
        b.declared.putAll(parsed.get().actions());
        parsed.get().actions().values().forEach(a -> a.action().ifPresent(action ->
                b.action(a.name(), action, a.guardrails())));
        parsed.get().bySlo().forEach(b::forSlo);
        parsed.get().byPriority().forEach(b::forPriority);
        b.sloLocations.putAll(parsed.get().bySloLocation());
        return b;
    }

    /**
     * Like {@link #fromConfig(ObservabilityConfig)} for a loaded spec, also checking that every SLO
     * named under {@code slos:} is one of the spec's.
     *
     * @throws SloValidationException every problem, located
     */
    public static Builder forSpec(LoadedSpec spec) {
        Builder b = fromConfig(spec.config());
        List<String> names = new ArrayList<>();
        spec.slos().forEach(s -> names.add(s.name()));
        List<Problem> problems = new ArrayList<>();
        b.bySlo.keySet().stream().filter(n -> !names.contains(n)).forEach(n -> {
            String where = b.sloLocations.getOrDefault(n, spec.config().file() + ":0");
            int colon = where.lastIndexOf(':');
            problems.add(Problem.error(where.substring(0, colon), Integer.parseInt(where.substring(colon + 1)),
                    "remediation: slos: " + n + ": '" + n + "' is not an SLO of spec '" + spec.specId()
                            + "'; expected one of " + String.join(", ", names) + Problem.didYouMean(n, names)));
        });
        if (!problems.isEmpty()) {
            throw new SloValidationException(problems);
        }
        return b;
    }

    /** Whether the configuration has a {@code remediation:} section. */
    public static boolean configured(ObservabilityConfig config) {
        return config.settings().has(RemediationSection.KEY);
    }

    // ----- inputs --------------------------------------------------------------------------------

    /** Hears a breach (when it started), a reminder, or a recovery; returns at once. */
    @Override
    public void onEvent(SloEvent event) {
        submit(() -> handle(event));
    }

    /** Hears a round: the SLOs' state now; register with {@code SloMonitor.Builder.onRound(remediation::onRound)}. */
    public void onRound(EvaluationRound round) {
        submit(() -> handle(round));
    }

    private void submit(Runnable task) {
        if (closed) {
            return;
        }
        begin();
        try {
            decider.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(WARNING, () -> "remediation failed: " + e);
                } finally {
                    end();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            end();
        }
    }

    /**
     * Waits until every event and round heard so far was decided and every action started has finished
     * (or was stopped at its timeout), at most {@code timeout}: {@code slo monitor --run-once} waits so
     * before it exits.
     *
     * @return true when nothing is pending any more
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    idle.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void begin() {
        synchronized (idle) {
            inFlight++;
        }
    }

    private void end() {
        synchronized (idle) {
            if (--inFlight == 0) {
                idle.notifyAll();
            }
        }
    }

    // ----- decisions (on the decider thread) -----------------------------------------------------

    private Optional<Registered> route(Slo slo) {
        String name = bySlo.get(slo.name());
        if (name == null) {
            name = byPriority.get(slo.priority());
        }
        return Optional.ofNullable(name).map(actions::get);
    }

    private void handle(SloEvent e) {
        Optional<Registered> action = route(e.slo());
        if (action.isEmpty()) {
            return;
        }
        String key = e.dedupKey();
        if (e.kind() != SloEvent.Kind.STILL_BREACHING) {
            // the incidents hear it on a listener thread of their own, maybe later: recorded first, so that the
            // timeline reads breach, action, recovery (the same entry is recorded once, whoever comes first)
            incidents.ifPresent(i -> {
                try {
                    i.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.log(WARNING, () -> "cannot record " + e.summary() + ": " + ex);
                }
            });
        }
        switch (e.kind()) {
            case BREACH, STILL_BREACHING -> {
                if (e.kind() == SloEvent.Kind.BREACH) {
                    breachEvents.put(key, e);
                }
                state.breach(key, e.since(), e.priority());
                state.save();
                decide(key, action.get(), e.result(), e.occurredAt());
            }
            case RECOVERY -> recovered(key, action.get(), e);
        }
    }

    private void handle(EvaluationRound round) {
        for (SloResult r : round.results()) {
            String key = r.specId() + "/" + r.slo().name();
            if (state.breach(key).isEmpty() && !adopt(key, r)) {
                continue; // no breach known: the monitor's breach event starts one
            }
            route(r.slo()).ifPresent(a -> decide(key, a, r, round.evaluatedAt()));
        }
    }

    /**
     * A breached SLO whose breach this remediation did not hear of (it started before this process, and
     * there is no state directory) is taken from its open incident: since when, and what was done about it.
     */
    private boolean adopt(String key, SloResult r) {
        Optional<Registered> a = route(r.slo());
        if (r.status() != Status.BREACHED || incidents.isEmpty() || a.isEmpty()) {
            return false;
        }
        Optional<io.smartspec.slo.incident.store.Incident> found;
        try {
            found = incidents.get().find(key);
        } catch (IncidentException e) {
            return false;
        }
        if (found.isEmpty() || !found.get().breaching()) {
            return false;
        }
        io.smartspec.slo.incident.store.Incident incident = found.get();
        List<TimelineEntry> timeline = incident.timeline();
        int last = -1;
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).kind() == TimelineEntry.Kind.BREACH) {
                last = i;
            }
        }
        boolean first = timeline.stream().filter(e -> e.kind() == TimelineEntry.Kind.BREACH).count() <= 1;
        Instant since = first || last < 0 ? incident.openedAt() : timeline.get(last).at();
        RemediationState.Breach b = state.breach(key, since, r.slo().priority());
        b.adopted = true;
        // what was done about this breach: the remediation's entries after its breach entry
        String action = "/" + a.get().name() + "/";
        for (TimelineEntry e : timeline.subList(Math.max(0, last), timeline.size())) {
            String id = e.id();
            if (!id.startsWith("remediation/") || !id.contains(action)) {
                continue;
            }
            String what = id.substring(id.lastIndexOf(action) + action.length());
            switch (what) {
                case "run" -> {
                    b.ranAt = e.at();
                    if (!state.runs(a.get().name()).contains(e.at())) {
                        state.ran(a.get().name(), e.at()); // its cooldown and limits count it
                    }
                }
                case "dry-run" -> b.dryRanAt = e.at();
                case "escalated" -> b.escalatedTo = b.priority.ordinal() > 0
                        ? Priority.values()[b.priority.ordinal() - 1] : Priority.P0;
                default -> {
                    if (what.startsWith("skip/")) {
                        b.skips.add(what.substring("skip/".length()));
                    }
                }
            }
        }
        state.save();
        return true;
    }

    private void decide(String key, Registered a, SloResult result, Instant now) {
        RemediationState.Breach b = state.breach(key).orElseThrow();
        Guardrails g = a.guardrails();
        if (b.escalatedTo != null || b.running || b.verified) {
            return;
        }
        if (b.ranAt != null) {
            if (!result.status().isMet() && !now.isBefore(b.ranAt.plus(g.verifyWithin()))) {
                escalate(key, a, b, result, now);
            }
            return;
        }
        if (b.dryRanAt != null) {
            return;
        }
        Status status = result.status();
        if (status.isUnknown()) {
            skip(key, a, b, now, status == Status.NO_DATA ? "no-data" : "error", "the SLO is " + status
                    + (result.detail().isEmpty() ? "" : " (" + result.detail() + ")") + "; no action runs while its"
                    + " state is unknown");
            return;
        }
        if (status != Status.BREACHED) {
            return; // met again: its recovery ends the breach
        }
        Duration held = Duration.between(b.since, now);
        if (held.compareTo(g.after()) < 0) {
            return; // not yet: waits for the breach to hold
        }
        List<Instant> runs = state.runs(a.name());
        if (!runs.isEmpty()) {
            Instant last = runs.get(runs.size() - 1);
            if (now.isBefore(last.plus(g.cooldown()))) {
                skip(key, a, b, now, "cooldown", a.name() + " ran at " + last + ", less than its cooldown of "
                        + format(g.cooldown()) + " ago; it may run again from " + last.plus(g.cooldown()));
                return;
            }
        }
        long lastHour = runs.stream().filter(t -> t.isAfter(now.minus(Duration.ofHours(1)))).count();
        if (lastHour >= g.maxPerHour()) {
            skip(key, a, b, now, "hourly-limit", a.name() + " ran " + lastHour + " time(s) in the last hour; "
                    + "at most " + g.maxPerHour() + " per hour (max_per_hour)");
            return;
        }
        long lastDay = runs.stream().filter(t -> t.isAfter(now.minus(Duration.ofDays(1)))).count();
        if (lastDay >= g.maxPerDay()) {
            skip(key, a, b, now, "daily-limit", a.name() + " ran " + lastDay + " time(s) in the last 24 hours; "
                    + "at most " + g.maxPerDay() + " per day (max_per_day)");
            return;
        }
        String why = "breached for " + format(held) + " (after " + format(g.after()) + "): " + result.slo().metric()
                + result.observed().map(o -> " = " + o).orElse("") + ", objective " + result.slo().objective();
        if (dryRunAll || g.dryRun()) {
            b.dryRanAt = now;
            state.save();
            record(key, b, a, "dry-run", now, TimelineEntry.Kind.REMEDIATION, "dry run: would run " + a.name() + " ("
                    + a.action().describe() + "); nothing was run; " + why);
            return;
        }
        b.ranAt = now;
        b.running = true;
        state.ran(a.name(), now);
        state.save();
        record(key, b, a, "run", now, TimelineEntry.Kind.REMEDIATION, "running " + a.name() + " ("
                + a.action().describe() + "): " + why + "; run " + (lastHour + 1) + " of at most " + g.maxPerHour()
                + " this hour, " + (lastDay + 1) + " of " + g.maxPerDay() + " today; timeout " + format(g.timeout()));
        SloEvent trigger = breachEvents.getOrDefault(key, new SloEvent(SloEvent.Kind.BREACH, result, b.since, now,
                breachId(key, b)));
        SloEvent request = new SloEvent(trigger.kind(), result, b.since, now, trigger.id());
        begin();
        try {
            runners.execute(() -> {
                try {
                    execute(key, a, b, request, now);
                } finally {
                    end();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            end();
            b.running = false;
        }
    }

    /** Runs the action on a thread of its own, stops it at its timeout, records the outcome. */
    private void execute(String key, Registered a, RemediationState.Breach b, SloEvent event, Instant ranAt) {
        Duration timeout = a.guardrails().timeout();
        ActionRequest request = new ActionRequest(a.name(), event, timeout);
        Object[] outcome = new Object[1];
        Thread worker = new Thread(() -> {
            try {
                outcome[0] = a.action().run(request);
            } catch (Throwable t) {
                outcome[0] = t;
            }
        }, "slo-remediation-" + a.name());
        worker.setDaemon(true);
        long start = System.nanoTime();
        worker.start();
        boolean timedOut = false;
        try {
            worker.join(Math.max(1, timeout.toMillis()));
            if (worker.isAlive()) {
                timedOut = true;
                worker.interrupt();
                worker.join(STOP_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Object o = outcome[0];
        String text;
        boolean ok = false;
        if (timedOut) {
            text = a.name() + " timed out after " + format(timeout) + " and was stopped: "
                    + (o instanceof Throwable t ? String.valueOf(t.getMessage())
                    : o instanceof ActionResult r ? r + " " + excerpt(r.output())
                    : "it did not stop within " + format(STOP_GRACE) + " of being interrupted; given up");
        } else if (o instanceof ActionResult r) {
            ok = r.succeeded();
            text = a.name() + " " + (r.succeeded() ? "succeeded" : "failed") + " in " + format(took) + ": "
                    + r.status() + (r.output().isBlank() ? "" : "; output: " + excerpt(r.output()));
        } else if (o instanceof Throwable t) {
            text = a.name() + " failed in " + format(took) + ": " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage());
        } else {
            text = a.name() + " failed in " + format(took) + ": it returned no result";
        }
        String redacted = redact(a, text) + (ok ? "; the SLO is verified within " + format(a.guardrails().verifyWithin())
                : "");
        Instant at = ranAt.plus(took);
        submit(() -> {
            b.running = false;
            record(key, b, a, "outcome", at, TimelineEntry.Kind.REMEDIATION, redacted);
        });
    }

    private void recovered(String key, Registered a, SloEvent e) {
        Optional<RemediationState.Breach> known = state.breach(key);
        breachEvents.remove(key);
        if (known.isEmpty()) {
            return;
        }
        RemediationState.Breach b = known.get();
        if (b.ranAt != null && b.escalatedTo == null) {
            record(key, b, a, "recovered", e.occurredAt(), TimelineEntry.Kind.REMEDIATION, "the SLO recovered "
                    + format(Duration.between(b.ranAt, e.occurredAt())) + " after " + a.name() + " ran (verify within "
                    + format(a.guardrails().verifyWithin()) + "): healed");
        } else if (b.ranAt != null) {
            record(key, b, a, "recovered", e.occurredAt(), TimelineEntry.Kind.REMEDIATION, "the SLO recovered "
                    + format(Duration.between(b.ranAt, e.occurredAt())) + " after " + a.name() + " ran, later than its "
                    + format(a.guardrails().verifyWithin()) + " (escalated to " + b.escalatedTo + ")");
            Priority p = b.escalatedTo;
            escalateTo.ifPresent(l -> send(l, new SloEvent(SloEvent.Kind.RECOVERY, at(e.result(), p), e.since(),
                    e.occurredAt(), UUID.nameUUIDFromBytes((key + "/" + b.since + "/escalated-recovery")
                    .getBytes(StandardCharsets.UTF_8)))));
        }
        state.forget(key);
        state.save();
    }

    private void escalate(String key, Registered a, RemediationState.Breach b, SloResult result, Instant now) {
        Priority to = b.priority.ordinal() > 0 ? Priority.values()[b.priority.ordinal() - 1] : Priority.P0;
        b.escalatedTo = to;
        state.save();
        String sent = escalateTo.isPresent() ? "the breach was sent again at " + to + " to its receivers"
                : "no escalation receiver is set (Remediation.Builder.escalateTo)";
        record(key, b, a, "escalated", now, TimelineEntry.Kind.ESCALATED, "not recovered "
                + format(Duration.between(b.ranAt, now)) + " after " + a.name() + " ran (verify within "
                + format(a.guardrails().verifyWithin()) + "): escalated from " + b.priority + " to " + to + "; " + sent
                + "; " + a.name() + " is not run again for this breach");
        escalateTo.ifPresent(l -> send(l, new SloEvent(SloEvent.Kind.BREACH, at(result, to), b.since, now,
                UUID.nameUUIDFromBytes((key + "/" + b.since + "/escalated").getBytes(StandardCharsets.UTF_8)))));
    }

    private static void send(SloListener l, SloEvent e) {
        try {
            l.onEvent(e);
        } catch (RuntimeException ex) {
            LOG.log(WARNING, () -> "escalating " + e.dedupKey() + " failed: " + ex);
        }
    }

    /** The result with its SLO at another priority (an escalated event is routed by it). */
    private static SloResult at(SloResult r, Priority p) {
        Slo s = r.slo();
        Slo raised = s.withPriority(p);
        return new SloResult(r.specId(), raised, r.status(), r.observed(), r.margin(), r.detail(), r.errorBudget(),
                r.burnRates(), r.firing(), r.evaluatedAt(), r.source(), r.query());
    }

    private void skip(String key, Registered a, RemediationState.Breach b, Instant now, String reason, String text) {
        if (!b.skips.add(reason)) {
            return; // said once per breach
        }
        state.save();
        record(key, b, a, "skip/" + reason, now, TimelineEntry.Kind.REMEDIATION, "skipped " + a.name() + " ("
                + reason + "): " + text);
    }

    private void record(String key, RemediationState.Breach b, Registered a, String what, Instant at,
                        TimelineEntry.Kind kind, String text) {
        String safe = redact(a, text);
        LOG.log(kind == TimelineEntry.Kind.ESCALATED ? WARNING : INFO, () -> key + ": " + safe);
        if (incidents.isEmpty()) {
            return;
        }
        TimelineEntry entry = TimelineEntry.of("remediation/" + b.since + "/" + a.name() + "/" + what, at, kind,
                ACTOR, safe);
        try {
            if (!incidents.get().append(key, entry)) {
                SloEvent breach = breachEvents.get(key);
                if (breach != null) {
                    incidents.get().onEvent(breach); // not recorded yet by its own listener: the same entry, once
                }
                if (!incidents.get().append(key, entry)) {
                    LOG.log(WARNING, () -> "no incident of " + key + " to record: " + safe);
                }
            }
        } catch (IncidentException e) {
            LOG.log(WARNING, () -> "cannot record in the incident of " + key + ": " + e.getMessage());
        }
    }

    private UUID breachId(String key, RemediationState.Breach b) {
        return UUID.nameUUIDFromBytes((key + "/" + b.since).getBytes(StandardCharsets.UTF_8));
    }

    private static String redact(Registered a, String text) {
        String t = text;
        for (Secret s : a.action().secrets()) {
            t = s.redact(t);
        }
        return t;
    }

    private static String excerpt(String output) {
        String o = output.strip();
        return o.length() <= OUTPUT_EXCERPT ? o : o.substring(0, OUTPUT_EXCERPT) + "… (" + o.length()
                + " characters in all)";
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0 s";
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0))
                    + " s";
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Waits for what is pending (at most the longest action timeout and its grace), then stops. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        Duration longest = actions.values().stream().map(r -> r.guardrails().timeout()).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        awaitIdle(longest.plus(STOP_GRACE).plusSeconds(1));
        closed = true;
        decider.shutdownNow();
        runners.shutdownNow();
    }

    @Override
    public String toString() {
        return "Remediation[actions=" + actions.keySet() + ", slos=" + bySlo + ", priorities=" + byPriority
                + (dryRunAll ? ", dry run" : "") + "]";
    }

    /** Builds a {@link Remediation}. */
    public static final class Builder {
        private final Map<String, Registered> actions = new LinkedHashMap<>();
        private final Map<String, RemediationSection.ActionSpec> declared = new LinkedHashMap<>();
        private final Map<String, String> bySlo = new LinkedHashMap<>();
        private final Map<String, String> sloLocations = new LinkedHashMap<>();
        private final Map<Priority, String> byPriority = new EnumMap<>(Priority.class);
        private boolean dryRun;
        private Optional<Incidents> incidents = Optional.empty();
        private Optional<SloListener> escalateTo = Optional.empty();
        private Optional<Path> stateDirectory = Optional.empty();

        private Builder() {
        }

        /** An action and when it may run. */
        public Builder action(String name, RemediationAction action, Guardrails guardrails) {
            Objects.requireNonNull(name, "name");
            actions.put(name, new Registered(name, Objects.requireNonNull(action, "action"),
                    Objects.requireNonNull(guardrails, "guardrails")));
            return this;
        }

        /**
         * The Java code of an action declared {@code java: true} in the {@code remediation:} section, with
         * the guardrails written there (or the defaults when it is not declared).
         */
        public Builder action(String name, RemediationAction action) {
            RemediationSection.ActionSpec spec = declared.get(name);
            return action(name, action, spec != null ? spec.guardrails() : Guardrails.ofDefaults());
        }

        /** Runs {@code action} when the SLO of this name breaches (before any route by priority). */
        public Builder forSlo(String sloName, String action) {
            bySlo.put(Objects.requireNonNull(sloName, "sloName"), Objects.requireNonNull(action, "action"));
            return this;
        }

        /** Runs {@code action} when an SLO of this priority breaches (and has no route by name). */
        public Builder forPriority(Priority priority, String action) {
            byPriority.put(Objects.requireNonNull(priority, "priority"), Objects.requireNonNull(action, "action"));
            return this;
        }

        /** Records what would run, runs nothing (every action). */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Records every run, skip and outcome in the timeline of the SLO's incident. */
        public Builder recordTo(Incidents incidents) {
            this.incidents = Optional.of(incidents);
            return this;
        }

        /** Where a breach not healed in time is sent again, one priority higher (the incident forwarder). */
        public Builder escalateTo(SloListener listener) {
            this.escalateTo = Optional.of(listener);
            return this;
        }

        /**
         * Keeps the runs and open breaches in {@code directory/remediation-state.json}, so that restarts
         * and one-round processes ({@code slo monitor --run-once}) enforce the guardrails across runs.
         */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = Optional.of(directory);
            return this;
        }

        /**
         * @throws IllegalStateException when a route names an action not registered, or an action declared
         *                               {@code java: true} has no code
         */
        public Remediation build() {
            List<String> problems = new ArrayList<>();
            declared.values().stream().filter(d -> !actions.containsKey(d.name())).forEach(d -> problems.add(
                    d.location() + ": remediation: actions: " + d.name() + ": declared java: true, but no code was "
                            + "registered; call Remediation.Builder.action(\"" + d.name() + "\", action)"));
            List<String> routed = new ArrayList<>(bySlo.values());
            routed.addAll(byPriority.values());
            routed.stream().distinct().filter(n -> !actions.containsKey(n) && !declared.containsKey(n)).forEach(n ->
                    problems.add("action '" + n + "' is routed but not registered; registered: " + actions.keySet()));
            if (!problems.isEmpty()) {
                throw new IllegalStateException(String.join("; ", problems));
            }
            return new Remediation(this);
        }
    }
}
