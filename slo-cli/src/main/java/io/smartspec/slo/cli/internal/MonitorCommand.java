package io.smartspec.slo.cli.internal;

import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.incident.DeliveryPolicy;
import io.smartspec.slo.incident.DeliveryRecorder;
import io.smartspec.slo.incident.IncidentForwarder;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.remediation.Remediation;
import io.smartspec.slo.report.ReportScheduler;
import io.smartspec.slo.report.ReportSink;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code slo monitor}: one {@link SloMonitor} for the spec, built by {@link SloMonitor#forSpec} so that
 * every setting of observability.yaml means the same in both modes. {@code --run-once} (the default) is
 * {@link SloMonitor#runOnce()} — on a fixed clock with {@code --at} — and forwards the breaches it fires
 * before the command exits; {@code --daemon} is {@link SloMonitor#start()}, printing a status block per
 * round, recording history and writing reports until Ctrl-C or SIGTERM.
 */
public final class MonitorCommand implements Command {

    public static final String USAGE = "usage: slo monitor " + SpecSelection.USAGE
            + " [--run-once | (--daemon | --watch) [--interval DURATION]] [--at ISO-8601-INSTANT] [--format table|json] [--no-color] [--outbox DIR]"
            + " [--history DIR] [--reports DIR] [--zone ZONE] [--incidents-db DIR|JDBC-URL]";

    /** Where undelivered incidents wait, per spec id, when --outbox is not given. */
    static final String DEFAULT_OUTBOX = ".slo/outbox";
    /** Where incidents are recorded (beside the default outbox) and read by slo incidents, serve and postmortem. */
    public static final String DEFAULT_INCIDENTS = ".slo/incidents";
    /** Where the daemon keeps its rounds (and scheduled reports), when not told otherwise. */
    static final String DEFAULT_HISTORY = ".slo/history";
    static final String DEFAULT_REPORTS = ".slo/reports";
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);

    private final Console console;

    public MonitorCommand(Console console) {
        this.console = console;
    }

    static final Info INFO = new Info("monitor", USAGE, """
            Evaluates the spec's SLOs against their provider and prints one status table per round.
            --spec-id ID finds DIR/**/ID/spec.md (DIR: --specs-dir, default 'specs') and the
            observability.yaml beside it. --at evaluates as of a past instant where the provider
            supports it. Breaches are forwarded to the incident_response receivers of
            observability.yaml; undelivered ones wait in --outbox DIR (default .slo/outbox) for the next run.
            --daemon prints one status block per round until Ctrl-C or SIGTERM, records every round in
            --history DIR (default .slo/history) and writes the daily, weekly and monthly reports to
            --reports DIR (default .slo/reports) once each period is complete, in --zone.
            --watch does what --daemon does on one screen redrawn every round: status, error budget,
            a sparkline of each SLO's last values and the last events; q or Ctrl-C leaves it.
            Both modes apply the same settings of observability.yaml (timeout, query_concurrency,
            breach_for, reminder_every, alert_when_no_data; interval for --daemon).
            Breaches, recoveries and their deliveries become incidents in --incidents-db (default: incidents
            beside the outbox, .slo/incidents; or a jdbc:postgresql: URL); see slo incidents --help.
            With a remediation: section in observability.yaml, a breach runs the action routed to its SLO
            within its guardrails (after, cooldown, max_per_hour/max_per_day, timeout, dry_run,
            verify_within), recorded in the incident's timeline; never with --at.
            Exit 0 all met, 1 a breach, 2 usage/configuration error, 3 some not evaluated.
            """,
            Set.of("spec", "config", "spec-id", "specs-dir", "interval", "at", "format", "outbox", "history",
                "reports", "zone", "incidents-db"),
            Set.of("run-once", "daemon", "watch", "no-color"));

    /** The provider that reads an application's own Micrometer registry: only the application can. */
    static final String IN_PROCESS_PROVIDER = "micrometer";

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public int run(Args args) {
        String format = Console.format(args, "table", "json");
        if (args.has("run-once") && args.has("daemon")) {
            throw new Args.UsageException("--run-once and --daemon exclude each other");
        }
        if (args.has("run-once") && args.has("watch")) {
            throw new Args.UsageException("--run-once and --watch exclude each other");
        }
        if (args.has("interval") && !args.has("daemon") && !args.has("watch")) {
            throw new Args.UsageException("--interval goes with --daemon");
        }
        Optional<Duration> interval = args.value("interval").map(text -> Console.duration("interval", text));
        SpecSelection selection = SpecSelection.from(args);
        Instant at = args.value("at").map(MonitorCommand::instant).orElse(null);
        if (at != null && (args.has("daemon") || args.has("watch"))) {
            throw new Args.UsageException("--at goes with --run-once: a daemon evaluates the present");
        }
        LoadedSpec spec = SpecLoader.load(selection.spec(), selection.config(), console.env());
        console.printProblems(spec.problems());
        if (spec.slos().size() == 0) {
            console.err().println("slo: no SLO of " + selection.spec() + " could be built");
            return ExitCodes.USAGE;
        }
        if (IN_PROCESS_PROVIDER.equals(spec.config().provider())) {
            console.err().println("slo: provider '" + IN_PROCESS_PROVIDER + "' of " + spec.specId() + " reads the meters"
                    + " of the application's own registry, which only the application can read (a 'slo' process has"
                    + " none); embed SloMonitor in the application (SloMonitor.forSpec), or use"
                    + " slo-spring-boot-starter; 'slo validate' checks this spec");
            return ExitCodes.USAGE;
        }
        Path outboxRoot = Path.of(args.value("outbox").orElse(DEFAULT_OUTBOX));
        Path outbox = outboxRoot.resolve(spec.specId());
        // incidents live beside the outbox (.slo/incidents) unless --incidents-db says where
        String incidentsDb = args.value("incidents-db").orElseGet(() -> outboxRoot.resolveSibling("incidents").toString());
        boolean noColor = args.has("no-color");
        try (MetricSource source = MetricSourceProvider.sourceFor(spec.config(), console.env())) {
            if (at != null && !source.supportsPastInstants()) {
                throw new Args.UsageException("--at: provider '" + source.name()
                        + "' cannot evaluate a past instant; it only knows the present");
            }
            SloMonitor.Builder monitor = SloMonitor.forSpec(spec, source);
            if (args.has("daemon") || args.has("watch")) {
                interval.ifPresent(monitor::interval);
                Path history = Path.of(args.value("history").orElse(DEFAULT_HISTORY));
                Path reports = Path.of(args.value("reports").orElse(DEFAULT_REPORTS));
                return daemon(spec, monitor, outbox, history, reports, Console.zone(args), format, noColor,
                        args.has("watch"), incidentsDb);
            }
            return runOnce(spec, monitor, at, outbox, format, noColor, incidentsDb);
        }
    }

    /**
     * One round through {@link SloMonitor#runOnce()} (at {@code --at}, or now). With receivers, its events
     * go to them before the command exits, so a deploy pipeline's check can page; the monitor keeps its
     * state in the outbox directory, so a run tells receivers only what changed since the last run: a new
     * breach, a recovery. A run {@code --at} a past instant keeps no state and forwards its breaches.
     */
    private int runOnce(LoadedSpec spec, SloMonitor.Builder builder, Instant at, Path outbox, String format,
                        boolean noColor, String incidentsDb) {
        // a run --at a past instant investigates: it records no incidents
        Incidents records = at != null ? null : Incidents.in(IncidentStore.at(incidentsDb)).closeStoreOnClose().build();
        IncidentForwarder incidents;
        try {
            incidents = spec.config().incidentResponse().isEmpty() ? null
                    : IncidentForwarder.fromConfig(spec.config().incidentResponse(), outbox, DeliveryPolicy.ofDefaults(),
                    records != null ? records : DeliveryRecorder.NONE);
        } catch (RuntimeException e) {
            if (records != null) {
                records.close();
            }
            throw e;
        }
        List<SloEvent> forwarded = new CopyOnWriteArrayList<>();
        Remediation remediation = null;
        try {
            // a run --at a past instant investigates: it heals nothing
            remediation = records == null ? null : remediation(spec, records, incidents, outbox, forwarded);
            builder.clock(Clock.fixed(at != null ? at : console.clock().instant(), ZoneOffset.UTC));
            if (records != null) {
                // recorded before it is forwarded, so that deliveries find their incident; the monitor keeps
                // its state so that the next run records the recovery
                builder.listener(records::onEvent).onRound(records::onRound).stateDirectory(outbox);
            }
            if (remediation != null) {
                // a listener of its own (not closed by the monitor): the actions it starts finish before the exit
                builder.listener(remediation::onEvent).onRound(remediation::onRound);
            }
            if (incidents != null) {
                // a listener of its own, so that closing the monitor leaves the forwarder open for the flush
                builder.listener(incidents::onEvent).listener(forwarded::add);
            }
            EvaluationRound round;
            try (SloMonitor monitor = builder.build()) {
                round = monitor.runOnce();
            }
            if (remediation != null) {
                remediation.close(); // waits for the actions it started (each up to its timeout)
            }
            console.print(spec.specId(), round, format, noColor);
            if (incidents != null && !forwarded.isEmpty()) {
                boolean delivered = incidents.flush(FORWARD_TIMEOUT);
                long recoveries = forwarded.stream().filter(e -> e.kind() == SloEvent.Kind.RECOVERY).count();
                console.err().println("slo: forwarded " + (forwarded.size() - recoveries) + " breach(es)"
                        + (recoveries > 0 ? " and " + recoveries + " recovery(ies)" : "") + " to "
                        + spec.config().incidentResponse().size() + " receiver(s)"
                        + (delivered ? "" : "; some are still pending in " + outbox + " and will be sent on the next run"));
            }
            return ExitCodes.of(round, !spec.isValid());
        } finally {
            if (remediation != null) {
                remediation.close();
            }
            if (incidents != null) {
                incidents.close();
            }
            if (records != null) {
                records.close();
            }
        }
    }

    private int daemon(LoadedSpec spec, SloMonitor.Builder builder, Path outbox, Path historyDir, Path reportsDir,
                       java.time.ZoneId zone, String format, boolean noColor, boolean watch, String incidentsDb) {
        // --watch: the rounds and events redraw one screen instead of scrolling
        WatchScreen screen = new WatchScreen(spec.specId(), console.colors(noColor));
        SloHistory history = SloHistory.in(historyDir);
        ReportScheduler reports = ReportScheduler.builder(history).zone(zone).clock(console.clock())
                .maintenance(MaintenanceCommand.calendar(spec, outbox.getParent().toString()))
                .sink(ReportSink.directory(reportsDir)).build();
        Incidents records = Incidents.in(IncidentStore.at(incidentsDb)).closeStoreOnClose().build();
        IncidentForwarder incidents;
        try {
            incidents = spec.config().incidentResponse().isEmpty() ? null
                    : IncidentForwarder.fromConfig(spec.config().incidentResponse(), outbox, DeliveryPolicy.ofDefaults(),
                    records);
        } catch (RuntimeException e) {
            records.close();
            throw e;
        }
        Remediation remediation;
        try {
            remediation = remediation(spec, records, incidents, outbox, new CopyOnWriteArrayList<>());
        } catch (RuntimeException e) {
            if (incidents != null) {
                incidents.close();
            }
            records.close();
            throw e;
        }
        if (remediation != null) {
            builder.listener(remediation::onEvent).onRound(remediation::onRound);
        }
        // what receivers were told (open breaches) survives restarts, beside the outbox; one daemon per directory
        builder.stateDirectory(outbox)
                .clock(console.clock())
                .listener(event -> {
                    if (watch) {
                        screen.event(event);
                    } else {
                        console.err().println(event);
                    }
                })
                .onRound(round -> {
                    if (watch) {
                        screen.round(round);
                        console.out().print(screen.render());
                    } else {
                        console.print(spec.specId(), round, format, noColor);
                    }
                    console.out().flush();
                })
                .onRound(history::append)
                .onRound(reports)
                .onRound(records::onRound)
                .listener(records::onEvent);
        if (incidents != null) {
            builder.listener(incidents);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            console.stop().countDown();
            try {
                // SIGTERM: let the daemon close the monitor and hand pending incidents to the outbox
                stopped.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (SloMonitor monitor = builder.build()) {
            if (watch) {
                screen.interval(monitor.interval());
                WatchKeys.onQuit(console.stop()::countDown);
            }
            monitor.start();
            console.err().println("slo: monitoring " + spec.specId() + " every " + Console.format(monitor.interval())
                    + " (history in " + historyDir + ", daily/weekly/monthly reports in " + reportsDir
                    + "); stop with Ctrl-C or SIGTERM");
            console.stop().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (remediation != null) {
                remediation.close();
            }
            if (incidents != null) {
                incidents.close();
            }
            records.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping: nothing to remove
            }
            if (watch) {
                WatchKeys.restore();
            }
            console.err().println("slo: stopped");
            console.err().flush();
            stopped.countDown();
        }
        return ExitCodes.OK;
    }

    /**
     * The remediation of the file's {@code remediation:} section, or null when it has none; its state (runs,
     * open breaches) beside the monitor's, so that the guardrails hold across runs. A breach not healed in
     * time is escalated through the forwarder.
     */
    private static Remediation remediation(LoadedSpec spec, Incidents records, IncidentForwarder forwarder,
                                           Path stateDirectory, List<SloEvent> forwarded) {
        if (!Remediation.configured(spec.config())) {
            return null;
        }
        Remediation.Builder b = Remediation.forSpec(spec).recordTo(records).stateDirectory(stateDirectory);
        if (forwarder != null) {
            b.escalateTo(event -> {
                forwarder.onEvent(event);
                forwarded.add(event);
            });
        }
        try {
            return b.build();
        } catch (IllegalStateException e) {
            // an action declared java: true: only an application that embeds the library can register its code
            throw new Args.UsageException(e.getMessage() + " (slo monitor runs command and http actions; a java "
                    + "action runs in an application that embeds Remediation)");
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Args.UsageException("--at '" + text + "' is not an ISO-8601 instant (e.g. 2026-11-22T10:15:30Z)");
        }
    }
}
