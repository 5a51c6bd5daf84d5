package io.smartspec.slo.monitor;

import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.MonitorSettings;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.evaluation.EvaluationPolicy;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.spec.LoadedSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.internal.monitor.BreachStateStore;
import io.smartspec.slo.internal.monitor.ConcurrentEvaluator;
import io.smartspec.slo.internal.monitor.Durations;
import io.smartspec.slo.internal.monitor.ListenerDispatcher;
import io.smartspec.slo.internal.monitor.MonitorMeters;
import io.smartspec.slo.internal.monitor.TransitionTracker;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Evaluates SLOs continuously inside an application, or once, and tells listeners about breaches and
 * recoveries.
 *
 * <pre>{@code
 * SloMonitor monitor = SloMonitor.builder()
 *     .slos(slos, MicrometerSource.of(registry))
 *     .interval(Duration.ofSeconds(30))
 *     .breachFor(Duration.ofMinutes(2))
 *     .listener(LoggingListener.create())
 *     .meterRegistry(registry)
 *     .build()
 *     .start();
 * ...
 * monitor.close();
 * }</pre>
 *
 * <ul>
 *   <li>{@link #runOnce()} evaluates every SLO once and returns the round; {@link #start()} runs a
 *       round every interval on a daemon thread until {@link #close()}. A round still running when the
 *       next is due is not overlapped: the due round is skipped and counted ({@code slo.round.skipped}).</li>
 *   <li>The SLOs of a round are evaluated concurrently on a bounded pool ({@link Builder#queryConcurrency},
 *       default {@value #DEFAULT_QUERY_CONCURRENCY}); every query has a timeout (default 5s). A slow or
 *       failing SLO or source ends in {@link Status#ERROR} ("timed out after 5s") and never stops the
 *       others. A round has a deadline ({@link Builder#roundDeadline}, default
 *       {@value #ROUND_DEADLINE_IN_QUERY_TIMEOUTS} × the query timeout: 15s), however many SLOs it
 *       holds: an SLO without an answer by then ends in ERROR ("no answer within 15s").</li>
 *   <li>Events fire on transitions only, per dedup key {@code specId/slo}: {@link SloEvent.Kind#BREACH}
 *       once an SLO has stayed BREACHED for {@link Builder#breachFor} (default 0: the first breached
 *       round), {@link SloEvent.Kind#RECOVERY} when it is met again, and
 *       {@link SloEvent.Kind#STILL_BREACHING} every {@link Builder#reminderEvery} if set. NO_DATA fires
 *       only with {@link Builder#alertWhenNoData}. Listeners run on their own threads; one that throws or
 *       hangs does not block rounds or other listeners.</li>
 *   <li>With {@link Builder#stateDirectory}, what listeners were told survives restarts: the open
 *       breaches (event id, {@code since}) are written atomically before their events are published
 *       and restored when the monitor is built, so a recovery during the downtime is sent, a breach that
 *       holds is not sent again, and a breach of an SLO no longer monitored is resolved saying so.</li>
 *   <li>With {@link Builder#meterRegistry}, the monitor publishes {@code slo.status} (per SLO; tags
 *       {@code spec}, {@code slo}, {@code priority}; 0 met, 1 at risk, 2 breached, -1 no data, -2 error,
 *       NaN before the first round), {@code slo.error.budget.remaining} (ratio SLOs; a fraction),
 *       {@code slo.round.duration}, {@code slo.round.failures} (SLO evaluations that ended in ERROR) and
 *       {@code slo.round.skipped}.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class SloMonitor implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_QUERY_TIMEOUT = ObservabilityConfig.DEFAULT_TIMEOUT;
    /**
     * A round's default deadline in query timeouts: a slow SLO may need a few queries in a row (a ratio
     * SLO asks for its events and their total), and a busy pool delays the SLOs that wait for a thread.
     */
    public static final int ROUND_DEADLINE_IN_QUERY_TIMEOUTS = 3;
    public static final int DEFAULT_QUERY_CONCURRENCY = 8;
    /** How long {@link #close()} waits for listeners to deliver what is queued. */
    public static final Duration LISTENER_GRACE = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(SloMonitor.class.getName());

    private record Monitored(SloSet slos, MetricSource source, boolean ownsSource) {
    }

    private final List<Monitored> monitored;
    private final List<ConcurrentEvaluator.Job> jobs;
    private final boolean alertWhenNoData;
    private final Duration interval;
    private final Duration roundDeadline;
    private final Clock clock;
    private final List<Consumer<EvaluationRound>> roundConsumers;
    private final List<ListenerDispatcher> dispatchers = new ArrayList<>();
    private final TransitionTracker tracker;
    private final DirectoryLock stateLock;
    private boolean resolvedUnmonitored;
    private final ConcurrentEvaluator evaluator;
    private final MaintenanceCalendar maintenance;
    private final MonitorMeters meters;
    private final ReentrantLock roundLock = new ReentrantLock();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private volatile EvaluationRound lastRound;
    private volatile boolean closed;
    private ScheduledExecutorService ticker;
    private ExecutorService roundThread;
    // the schedule of started rounds (ticker thread only): tick number, and the instant and tick it counts from
    private long ticks;
    private Instant scheduleOrigin;
    private long scheduleOriginTick;

    private SloMonitor(Builder b, List<Monitored> monitored, TransitionTracker tracker, DirectoryLock stateLock) {
        this.monitored = List.copyOf(monitored);
        this.interval = b.interval;
        this.roundDeadline = b.roundDeadline != null ? b.roundDeadline
                : b.queryTimeout.multipliedBy(ROUND_DEADLINE_IN_QUERY_TIMEOUTS);
        this.clock = b.clock;
        this.alertWhenNoData = b.alertWhenNoData;
        this.roundConsumers = List.copyOf(b.roundConsumers);
        this.tracker = tracker;
        this.stateLock = stateLock;
        this.evaluator = new ConcurrentEvaluator(b.queryConcurrency);
        this.maintenance = b.calendar();
        SloEvaluator sloEvaluator = SloEvaluator.with(b.policy).excluding(maintenance);
        List<ConcurrentEvaluator.Job> js = new ArrayList<>();
        for (Monitored m : monitored) {
            for (Slo slo : m.slos) {
                js.add(new ConcurrentEvaluator.Job(m.slos.name(), slo, m.source, sloEvaluator, b.queryTimeout));
            }
        }
        this.jobs = List.copyOf(js);
        this.meters = new MonitorMeters(b.meterRegistry, this.monitored.stream().map(Monitored::slos).toList());
        for (SloListener l : b.listeners) {
            dispatchers.add(new ListenerDispatcher(l, dispatchers.size() + 1));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates every SLO of every set once, now, and notifies listeners of transitions. Waits for a
     * round already running (from {@link #start()}) to end first.
     *
     * @throws IllegalStateException when the monitor is closed
     */
    public EvaluationRound runOnce() {
        return runAt(null);
    }

    /** A round at the given instant, or at the clock's instant when {@code at} is null. */
    private EvaluationRound runAt(Instant scheduled) {
        if (closed) {
            throw new IllegalStateException("the monitor is closed");
        }
        roundLock.lock();
        try {
            return round(scheduled != null ? scheduled : clock.instant());
        } finally {
            roundLock.unlock();
        }
    }

    private EvaluationRound round(Instant at) {
        long start = System.nanoTime();
        List<SloResult> results = new ArrayList<>(evaluator.evaluate(jobs, at, roundDeadline));
        List<SloEvent> events = new ArrayList<>();
        if (!resolvedUnmonitored) {
            resolvedUnmonitored = true;
            java.util.Set<String> keys = new java.util.HashSet<>();
            jobs.forEach(j -> keys.add(j.specId() + "/" + j.slo().name()));
            events.addAll(tracker.resolveUnmonitored(keys, at));
        }
        for (int i = 0; i < results.size(); i++) {
            SloResult result = results.get(i);
            Optional<MaintenanceWindow> window = isBreaching(result)
                    ? maintenance.activeAt(result.specId(), result.slo().name(), at) : Optional.empty();
            if (window.isPresent()) {
                // no breach inside a maintenance window: the tracker does not see this round, so a breach
                // that is still there when the window ends fires then (after breachFor)
                results.set(i, suppressed(result, window.get()));
                LOG.log(Level.INFO, () -> result.specId() + "/" + result.slo().name() + ": suppressed: maintenance "
                        + window.get().reason());
                continue;
            }
            events.addAll(tracker.update(result, alertWhenNoData, at));
        }
        EvaluationRound round = new EvaluationRound(at, results, Duration.ofNanos(System.nanoTime() - start));
        meters.record(round);
        tracker.commit(); // what listeners are about to be told, before they are told
        for (SloEvent e : events) {
            publish(e);
        }
        for (Consumer<EvaluationRound> c : roundConsumers) {
            try {
                c.accept(round);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "an onRound consumer failed: " + e);
            }
        }
        lastRound = round;
        rounds.incrementAndGet();
        return round;
    }

    private boolean isBreaching(SloResult r) {
        return r.status() == Status.BREACHED || (alertWhenNoData && r.status() == Status.NO_DATA);
    }

    private static SloResult suppressed(SloResult r, MaintenanceWindow window) {
        String detail = "suppressed: maintenance " + window.reason() + (r.detail().isEmpty() ? "" : "; " + r.detail());
        return new SloResult(r.specId(), r.slo(), r.status(), r.observed(), r.margin(), detail, r.errorBudget(),
                r.burnRates(), r.firing(), r.evaluatedAt(), r.source(), r.query());
    }

    /**
     * The maintenance windows the monitor honours: those of its specs' observability.yaml, those given to
     * {@link Builder#maintenance}, and those announced in its state directory ({@link MaintenanceAnnouncements}).
     */
    public MaintenanceCalendar maintenance() {
        return maintenance;
    }

    /** Publishes to every listener; a breach or recovery is confirmed in the state once all have taken it. */
    private void publish(SloEvent e) {
        if (e.kind() == SloEvent.Kind.STILL_BREACHING) {
            dispatchers.forEach(d -> d.publish(e));
            return;
        }
        if (dispatchers.isEmpty()) {
            tracker.confirm(e.id());
            return;
        }
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(
                dispatchers.size());
        for (ListenerDispatcher d : dispatchers) {
            d.publish(e, () -> {
                if (left.decrementAndGet() == 0) {
                    tracker.confirm(e.id());
                }
            });
        }
    }

    /**
     * Runs a round now and then every interval on a daemon thread, until {@link #close()}.
     *
     * @return this monitor
     * @throws IllegalStateException when the monitor is closed
     */
    public synchronized SloMonitor start() {
        if (closed) {
            throw new IllegalStateException("the monitor is closed");
        }
        if (ticker != null) {
            return this;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("slo-monitor-ticker"));
        roundThread = Executors.newSingleThreadExecutor(daemon("slo-monitor-round"));
        ticker.scheduleAtFixedRate(this::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    /**
     * The instant a scheduled round carries: its place on the schedule, the first tick's instant plus a whole
     * number of intervals, when the clock reads close to it (a ticker fires and a clock reads a little early
     * or late, so that a breach held four rounds measured 3.99999 s and an {@code after: 4s} waited a round
     * more). A clock that reads far off the schedule (a fixed or virtual clock, a wall clock stepped) starts
     * the schedule again from its reading.
     */
    private Instant scheduledInstant() {
        long tick = ticks++;
        Instant now = clock.instant();
        if (scheduleOrigin != null) {
            Instant planned = scheduleOrigin.plus(interval.multipliedBy(tick - scheduleOriginTick));
            Duration off = Duration.between(planned, now).abs();
            if (off.compareTo(scheduleTolerance()) <= 0) {
                return planned;
            }
        }
        scheduleOrigin = now;
        scheduleOriginTick = tick;
        return now;
    }

    /** How far from its planned instant a clock may read and the round still carry the planned one. */
    private Duration scheduleTolerance() {
        Duration tenth = interval.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? tenth : Duration.ofSeconds(1);
    }

    private void tick() {
        Instant at = scheduledInstant();
        if (!busy.compareAndSet(false, true)) {
            skipped.incrementAndGet();
            meters.skipped();
            LOG.log(Level.DEBUG, "SLO round skipped: the previous round is still running");
            return;
        }
        try {
            roundThread.execute(() -> {
                try {
                    runAt(at);
                } catch (RuntimeException e) {
                    if (!closed) {
                        LOG.log(Level.WARNING, () -> "SLO round failed: " + e);
                    }
                } finally {
                    busy.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            busy.set(false);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Whether {@link #start()} was called and the monitor is not closed. */
    public synchronized boolean isRunning() {
        return ticker != null && !closed;
    }

    /** The latest round, if any has run. */
    public Optional<EvaluationRound> lastRound() {
        return Optional.ofNullable(lastRound);
    }

    /** Rounds run so far. */
    public long roundsRun() {
        return rounds.get();
    }

    /** Rounds skipped because the previous one was still running. */
    public long skippedRounds() {
        return skipped.get();
    }

    /** The time between rounds of {@link #start()}. */
    public Duration interval() {
        return interval;
    }

    /** The longest a round takes: SLOs without an answer by then end in ERROR. */
    public Duration roundDeadline() {
        return roundDeadline;
    }

    /** The monitored SLO sets. */
    public List<SloSet> sloSets() {
        return monitored.stream().map(Monitored::slos).toList();
    }

    /** The {@code slo.status} gauge's value for a status. */
    public static double statusGaugeValue(Status status) {
        return MonitorMeters.encode(status);
    }

    /**
     * Stops the rounds, lets listeners deliver what is queued (up to {@link #LISTENER_GRACE}) and close,
     * closes the sources the monitor created, and removes its meters. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (ticker != null) {
                ticker.shutdownNow();
                roundThread.shutdown();
            }
        }
        evaluator.close();
        if (roundThread != null) {
            try {
                if (!roundThread.awaitTermination(5, TimeUnit.SECONDS)) {
                    roundThread.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ListenerDispatcher d : dispatchers) {
            d.close(LISTENER_GRACE);
        }
        for (Monitored m : monitored) {
            if (m.ownsSource) {
                try {
                    m.source.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, () -> "closing metric source " + m.source.name() + " failed: " + e);
                }
            }
        }
        meters.close();
        tracker.commit();
        if (stateLock != null) {
            stateLock.close();
        }
    }

    @Override
    public String toString() {
        return "SloMonitor[" + jobs.size() + " SLOs in " + monitored.size() + " set(s), every "
                + Durations.format(interval) + "]";
    }

    /**
     * A builder that monitors the SLOs of a loaded spec, read from the source of its {@code provider:}
     * (created by {@link Builder#build()}, closed with the monitor), with the monitor settings of its
     * observability.yaml ({@code interval}, {@code query_concurrency}, {@code timeout}, {@code breach_for},
     * {@code reminder_every}, {@code alert_when_no_data}) applied; setters called afterwards win.
     *
     * <pre>{@code
     * LoadedSpec spec = SpecLoader.load(Path.of("specs/checkout/spec.md"), Path.of("specs/checkout/observability.yaml"));
     * try (SloMonitor monitor = SloMonitor.forSpec(spec).listener(LoggingListener.create()).build().start()) { ... }
     * }</pre>
     *
     * @since 0.1.0
     */
    public static Builder forSpec(LoadedSpec spec) {
        return builder().settings(spec.config().monitor()).spec(spec);
    }

    /** Like {@link #forSpec(LoadedSpec)}, with the SLOs read from the given source (the caller closes it). */
    public static Builder forSpec(LoadedSpec spec, MetricSource source) {
        return builder().settings(spec.config().monitor()).spec(spec, source);
    }

    /** Builds an {@link SloMonitor}. Setters fail fast, naming the bad value. */
    public static final class Builder {
        /** One set of SLOs and where its values come from: a given source, or its config's provider. */
        private record Entry(SloSet slos, Optional<MetricSource> source, Optional<ObservabilityConfig> config) {
        }

        private final List<Entry> sets = new ArrayList<>();
        private Duration interval = DEFAULT_INTERVAL;
        private Clock clock = Clock.systemUTC();
        private EvaluationPolicy policy = EvaluationPolicy.defaults();
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private Duration roundDeadline;
        private int queryConcurrency = DEFAULT_QUERY_CONCURRENCY;
        private final List<SloListener> listeners = new ArrayList<>();
        private final List<Consumer<EvaluationRound>> roundConsumers = new ArrayList<>();
        private Duration breachFor = Duration.ZERO;
        private Optional<Duration> reminderEvery = Optional.empty();
        private boolean alertWhenNoData;
        private MeterRegistry meterRegistry;
        private Map<String, String> env = System.getenv();
        private Path stateDirectory;
        private MaintenanceCalendar maintenance;
        private final List<MaintenanceCalendar.Entry> declared = new ArrayList<>();

        private Builder() {
        }

        /** Monitors a set of SLOs read from {@code source} (repeatable). The caller closes the source. */
        public Builder slos(SloSet slos, MetricSource source) {
            sets.add(new Entry(Objects.requireNonNull(slos, "slos"), Optional.of(Objects.requireNonNull(source,
                    "source")), Optional.empty()));
            return this;
        }

        /**
         * Monitors the SLOs of a loaded spec (repeatable), named by its id, read from the source of its
         * {@code provider:} (created by {@link #build()} and closed with the monitor). Its file's monitor
         * settings are not applied: use {@link SloMonitor#forSpec} or {@link #settings}.
         */
        public Builder spec(LoadedSpec spec) {
            sets.add(new Entry(named(spec), Optional.empty(), Optional.of(spec.config())));
            declare(spec);
            return this;
        }

        private void declare(LoadedSpec spec) {
            spec.config().maintenance().forEach(w -> declared.add(new MaintenanceCalendar.Entry(spec.specId(), w)));
        }

        /**
         * The maintenance windows to honour, besides those declared in the specs' observability.yaml
         * (added to this calendar when the monitor is built) and those announced in the state directory:
         * events inside a window are left out of ratio SLOs, and no breach fires inside one (the round's
         * result says {@code suppressed: maintenance <reason>}; a breach still there when the window ends
         * fires then). Windows added to the calendar later count from the next round.
         */
        public Builder maintenance(MaintenanceCalendar calendar) {
            this.maintenance = Objects.requireNonNull(calendar, "calendar");
            return this;
        }

        private MaintenanceCalendar calendar() {
            MaintenanceCalendar c = maintenance != null ? maintenance : MaintenanceCalendar.create();
            declared.forEach(e -> c.add(e.specId(), e.window()));
            if (stateDirectory != null) {
                c.readFrom(MaintenanceAnnouncements.in(stateDirectory)::entries);
            }
            return c;
        }

        /** Monitors the SLOs of a loaded spec, read from the given source (the caller closes it). */
        public Builder spec(LoadedSpec spec, MetricSource source) {
            sets.add(new Entry(named(spec), Optional.of(Objects.requireNonNull(source, "source")), Optional.empty()));
            declare(spec);
            return this;
        }

        private static SloSet named(LoadedSpec spec) {
            Objects.requireNonNull(spec, "spec");
            return spec.slos().name().equals(spec.specId()) ? spec.slos() : SloSet.of(spec.specId(), spec.slos().slos());
        }

        /** Applies every setting that observability.yaml sets; the others keep their values. */
        public Builder settings(MonitorSettings settings) {
            settings.interval().ifPresent(this::interval);
            settings.queryConcurrency().ifPresent(this::queryConcurrency);
            settings.timeout().ifPresent(this::queryTimeout);
            settings.breachFor().ifPresent(this::breachFor);
            settings.reminderEvery().ifPresent(this::reminderEvery);
            settings.alertWhenNoData().ifPresent(this::alertWhenNoData);
            return this;
        }

        /** How often {@link #start()} runs a round; default 60s. */
        public Builder interval(Duration interval) {
            this.interval = positive("interval", interval);
            return this;
        }

        /** The clock that stamps rounds and measures breach durations (a fixed clock for --at, a virtual one in tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder policy(EvaluationPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The timeout of one SLO's queries; default 5s. */
        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = positive("queryTimeout", timeout);
            return this;
        }

        /**
         * The longest a round may take, however many SLOs it holds: an SLO that has not answered by then
         * ends in ERROR ("no answer within 15s"). Default {@value #ROUND_DEADLINE_IN_QUERY_TIMEOUTS} × the
         * query timeout.
         */
        public Builder roundDeadline(Duration deadline) {
            this.roundDeadline = positive("roundDeadline", deadline);
            return this;
        }

        /** How many SLOs of a round are evaluated at once; default 8. */
        public Builder queryConcurrency(int concurrency) {
            if (concurrency < 1 || concurrency > MonitorSettings.MAX_QUERY_CONCURRENCY) {
                throw new IllegalArgumentException("queryConcurrency must be between 1 and "
                        + MonitorSettings.MAX_QUERY_CONCURRENCY + ", but was " + concurrency);
            }
            this.queryConcurrency = concurrency;
            return this;
        }

        /** Hears breaches, recoveries and reminders (repeatable); closed with the monitor. */
        public Builder listener(SloListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Receives every round after its events are queued (repeatable). Runs on the round's thread, so
         * keep it quick; an exception is logged and ignored.
         */
        public Builder onRound(Consumer<EvaluationRound> consumer) {
            roundConsumers.add(Objects.requireNonNull(consumer, "consumer"));
            return this;
        }

        /** How long an SLO must stay breached before a BREACH fires (like Prometheus {@code for:}); default 0. */
        public Builder breachFor(Duration duration) {
            Objects.requireNonNull(duration, "breachFor");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("breachFor must not be negative, but was " + duration);
            }
            this.breachFor = duration;
            return this;
        }

        /** Sends STILL_BREACHING this often while a breach holds; off by default. */
        public Builder reminderEvery(Duration every) {
            this.reminderEvery = Optional.of(positive("reminderEvery", every));
            return this;
        }

        /** Whether NO_DATA counts as a breach; default false. */
        public Builder alertWhenNoData(boolean alert) {
            this.alertWhenNoData = alert;
            return this;
        }

        /**
         * Keeps what listeners were told in this directory, so that it survives restarts (none by default:
         * a restarted monitor knows no breach). The monitor writes {@code monitor-state.json} there
         * atomically — the open breaches with their event id and {@code since} — and restores it when
         * built: a recovery that happened while the process was down is sent on the first round, a breach
         * that still holds keeps its id and {@code since} and is not sent again, and a breach of an SLO no
         * longer monitored is resolved with a recovery saying so. The directory is locked
         * ({@code monitor.lock}, holding the PID) for as long as the monitor is open: a second monitor on
         * it is a problem of {@link #build()} naming the holder. It may be the incident outbox directory.
         * The monitor also honours the maintenance announced there ({@link MaintenanceAnnouncements},
         * {@code slo maintenance start}), read again on a round once the file has changed.
         */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Where the monitor publishes its own meters; none by default. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The environment the providers of {@link #spec(LoadedSpec)} read (default: the process's). */
        public Builder environment(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        /**
         * Creates the sources of the specs' providers and builds the monitor (not started).
         *
         * @throws SloValidationException listing every problem: nothing to monitor, a spec id monitored
         *                                twice, a provider that rejects its configuration
         */
        public SloMonitor build() {
            List<Problem> problems = new ArrayList<>();
            if (sets.isEmpty()) {
                problems.add(Problem.error("monitor: nothing to monitor; add slos(set, source) or spec(loadedSpec)"));
            }
            Set<String> names = new HashSet<>();
            for (Entry e : sets) {
                if (!names.add(e.slos.name())) {
                    problems.add(Problem.error("monitor: spec id '" + e.slos.name() + "' is monitored twice; "
                            + "events are deduplicated by spec id and SLO name, so give each set its own name"));
                }
            }
            List<Monitored> monitored = new ArrayList<>();
            if (problems.isEmpty()) {
                for (Entry e : sets) {
                    try {
                        MetricSource source = e.source.isPresent() ? e.source.get()
                                : MetricSourceProvider.sourceFor(e.config.orElseThrow(), env);
                        monitored.add(new Monitored(e.slos, source, e.source.isEmpty()));
                    } catch (SloValidationException ex) {
                        problems.addAll(ex.problems());
                    }
                }
            }
            DirectoryLock lock = null;
            if (problems.isEmpty() && stateDirectory != null) {
                try {
                    lock = DirectoryLock.acquire(stateDirectory, "monitor.lock", "monitor state");
                } catch (SloValidationException e) {
                    problems.addAll(e.problems());
                }
            }
            if (!problems.isEmpty()) {
                monitored.stream().filter(Monitored::ownsSource).forEach(m -> m.source.close());
                throw new SloValidationException(problems);
            }
            TransitionTracker tracker;
            try {
                tracker = new TransitionTracker(breachFor, reminderEvery,
                        Optional.ofNullable(stateDirectory).map(BreachStateStore::new));
            } catch (java.io.UncheckedIOException e) {
                if (lock != null) {
                    lock.close();
                }
                monitored.stream().filter(Monitored::ownsSource).forEach(m -> m.source.close());
                throw new SloValidationException(List.of(Problem.error("monitor state: " + e.getMessage())));
            }
            return new SloMonitor(this, monitored, tracker, lock);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, but was " + d);
            }
            return d;
        }
    }
}
