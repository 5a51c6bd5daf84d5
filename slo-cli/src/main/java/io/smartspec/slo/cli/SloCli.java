package io.smartspec.slo.cli;

import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.spec.NfrRow;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.Windows;
import io.smartspec.slo.incident.DeliveryPolicy;
import io.smartspec.slo.incident.DeliveryRecorder;
import io.smartspec.slo.incident.IncidentForwarder;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.prometheus.PrometheusRules;
import io.smartspec.slo.history.HistoryReading;
import io.smartspec.slo.report.ProviderHistory;
import io.smartspec.slo.report.ReportFormat;
import io.smartspec.slo.report.ReportPeriod;
import io.smartspec.slo.report.ReportScheduler;
import io.smartspec.slo.report.ReportSink;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.report.SloReport;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.spec.SpecLoader;
import io.smartspec.slo.cli.internal.AlertmanagerCommand;
import io.smartspec.slo.cli.internal.Args;
import io.smartspec.slo.cli.internal.CliLogging;
import io.smartspec.slo.cli.internal.DashboardCommand;
import io.smartspec.slo.cli.internal.DoctorCommand;
import io.smartspec.slo.cli.internal.JsonOutput;
import io.smartspec.slo.cli.internal.SpecSelection;
import io.smartspec.slo.cli.internal.StatusTable;
import io.smartspec.slo.cli.internal.WatchKeys;
import io.smartspec.slo.cli.internal.WatchScreen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code slo} command: {@code validate}, {@code monitor}, {@code rules}, {@code report},
 * {@code dashboard}, {@code alertmanager}, {@code doctor}.
 *
 * <p>Exit codes: {@value #EXIT_OK} all met (or at risk), {@value #EXIT_BREACHED} at least one SLO
 * breached, {@value #EXIT_USAGE} usage or configuration error, {@value #EXIT_UNKNOWN} nothing
 * breached but some SLOs could not be evaluated.
 *
 * @since 0.1.0
 */
public final class SloCli {

    public static final int EXIT_OK = 0;
    public static final int EXIT_BREACHED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNKNOWN = 3;

    static final String USAGE = "usage: slo <validate|monitor|rules|report|dashboard|alertmanager|doctor|incidents|serve> [options]  (slo <command> --help)";

    static final String HELP = USAGE + "\n\n"
            + "Service level objectives from a spec.md NFR table.\n\n"
            + "commands:\n"
            + "  validate   parse a spec.md (and its observability.yaml); list SLOs, warnings and errors\n"
            + "  monitor    evaluate the SLOs once (--run-once, the default) or every --interval seconds (--daemon)\n"
            + "  rules      generate Prometheus recording and multi-window burn-rate alert rules\n"
            + "  report     write a daily, weekly, monthly or FROM..TO SLO report\n"
            + "  dashboard  generate a Grafana dashboard of the SLOs over the recording rules\n"
            + "  alertmanager  generate an alertmanager.yml routing the alerts to the incident_response receivers\n"
            + "  doctor     check that Prometheus, Alertmanager (and Grafana) run the spec's stack\n"
            + "  incidents  list, show, acknowledge, resolve or annotate the incidents the monitor recorded\n"
            + "  serve      serve the incident API (and Alertmanager's webhook intake) until Ctrl-C or SIGTERM\n\n"
            + "options of every command: --verbose (debug log lines too), --quiet (errors only); log lines go to stderr\n\n"
            + "exit codes: 0 all met, 1 a breach, 2 usage or configuration error, 3 some SLOs not evaluated\n";

    static final String VALIDATE_USAGE = "usage: slo validate --spec FILE [--config FILE] [--format text|json]";
    static final String MONITOR_USAGE = "usage: slo monitor " + SpecSelection.USAGE
            + " [--run-once | (--daemon | --watch) [--interval SECONDS]] [--at ISO-8601-INSTANT] [--format table|json] [--no-color] [--outbox DIR]"
            + " [--history DIR] [--reports DIR] [--zone ZONE] [--incidents-db DIR|JDBC-URL]";

    static final String RULES_USAGE = "usage: slo rules " + SpecSelection.USAGE
            + " [--out FILE] [--for DURATION] [--no-alerts] [--no-recordings]";

    static final String REPORT_USAGE = "usage: slo report " + SpecSelection.USAGE
            + " --period daily|weekly|monthly|FROM..TO [--format md|json|html] [--out FILE]"
            + " [--history DIR | --from-provider [--step DURATION]] [--zone ZONE]";

    /** Where the daemon keeps its rounds (and scheduled reports), when not told otherwise. */
    static final String DEFAULT_HISTORY = ".slo/history";
    static final String DEFAULT_REPORTS = ".slo/reports";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;
    private final boolean terminal;
    private final CountDownLatch stop = new CountDownLatch(1);

    /** Where undelivered incidents wait, per spec id, when --outbox is not given. */
    static final String DEFAULT_OUTBOX = ".slo/outbox";
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);
    static final Duration DEFAULT_REPORT_STEP = Duration.ofHours(1);

    public SloCli(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, boolean terminal) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        // one line per log record, on stderr, at --verbose/--quiet/INFO; a bad combination is reported by run()
        CliLogging.Verbosity verbosity;
        try {
            verbosity = CliLogging.parse(Arrays.asList(args)).verbosity();
        } catch (Args.UsageException e) {
            verbosity = CliLogging.Verbosity.NORMAL;
        }
        CliLogging.install(verbosity, System.err);
        SloCli cli = new SloCli(System.out, System.err, System.getenv(), Clock.systemUTC(), System.console() != null);
        int code = cli.run(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command and returns its exit code; never calls {@code System.exit}. */
    public int run(String... arguments) {
        String[] argv;
        try {
            // --verbose / --quiet belong to every command: main() has set the log level from them
            argv = CliLogging.parse(Arrays.asList(arguments)).args().toArray(String[]::new);
        } catch (Args.UsageException e) {
            err.println("slo: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        if (argv.length == 0) {
            err.println(USAGE);
            return EXIT_USAGE;
        }
        String command = argv[0];
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        String usage = USAGE;
        try {
            switch (command) {
                case "--help", "-h", "help" -> {
                    out.print(HELP);
                    return EXIT_OK;
                }
                case "validate" -> {
                    usage = VALIDATE_USAGE;
                    return validate(rest);
                }
                case "monitor" -> {
                    usage = MONITOR_USAGE;
                    return monitor(rest);
                }
                case "rules" -> {
                    usage = RULES_USAGE;
                    return rules(rest);
                }
                case "report" -> {
                    usage = REPORT_USAGE;
                    return report(rest);
                }
                case "dashboard" -> {
                    usage = DashboardCommand.USAGE;
                    return new DashboardCommand(out, err, env).run(rest);
                }
                case "alertmanager" -> {
                    usage = AlertmanagerCommand.USAGE;
                    return new AlertmanagerCommand(out, err, env).run(rest);
                }
                case "doctor" -> {
                    usage = DoctorCommand.USAGE;
                    return new DoctorCommand(out, err, env).run(rest);
                }
                case "incidents" -> {
                    usage = IncidentsCommand.USAGE;
                    return new IncidentsCommand(out, err, env, clock).run(rest);
                }
                case "serve" -> {
                    usage = ServeCommand.USAGE;
                    return withShutdownHook(() -> new ServeCommand(out, err, env, clock, stop).run(rest));
                }
                default -> throw new Args.UsageException("unknown command '" + command + "'");
            }
        } catch (Args.UsageException e) {
            err.println("slo: " + e.getMessage());
            err.println(usage);
            return EXIT_USAGE;
        } catch (SloValidationException e) {
            printProblems(e.problems());
            return EXIT_USAGE;
        } catch (UncheckedIOException | io.smartspec.slo.incident.store.IncidentException e) {
            err.println("slo: " + e.getMessage());
            return EXIT_USAGE;
        } catch (OutOfMemoryError | StackOverflowError e) {
            err.println(ResourceErrors.describe(e, Runtime.getRuntime().maxMemory()));
            return EXIT_USAGE;
        }
    }

    private int validate(List<String> argv) {
        if (argv.contains("--help")) {
            out.println(VALIDATE_USAGE);
            out.println("Parses the NFR table of spec.md and, with --config, binds each row to its query.");
            out.println("Exit 0 when valid, 2 when invalid.");
            return EXIT_OK;
        }
        Args args = Args.parse(argv, Set.of("spec", "config", "format"), Set.of());
        String format = format(args, "text", "json");
        Path spec = args.value("spec").map(Path::of)
                .orElseThrow(() -> new Args.UsageException("missing --spec FILE"));
        List<Slo> slos;
        List<Problem> problems = new ArrayList<>();
        try {
            if (args.has("config")) {
                LoadedSpec loaded = SpecLoader.load(spec, Path.of(args.value("config").get()), env);
                slos = loaded.slos().slos();
                problems.addAll(loaded.problems());
            } else {
                NfrTable table = NfrTable.parse(spec);
                slos = new ArrayList<>();
                for (NfrRow row : table.rows()) {
                    slos.add(Slo.named(row.metric()).description(row.title()).metric(row.metric())
                            .objective(row.target()).priority(row.priority().orElse(Priority.DEFAULT))
                            .with(b -> row.window().ifPresent(b::over)).build());
                }
                problems.addAll(table.warnings());
            }
        } catch (SloValidationException e) {
            slos = List.of();
            problems.addAll(e.problems());
        }
        boolean valid = problems.stream().noneMatch(Problem::isError);
        if (format.equals("json")) {
            out.println(JsonOutput.validation(slos, problems));
        } else {
            for (Slo slo : slos) {
                out.println("  " + slo);
            }
            problems.forEach(p -> out.println((p.isError() ? "error: " : "warning: ") + p));
            out.println(spec + ": " + slos.size() + (slos.size() == 1 ? " SLO" : " SLOs") + ", "
                    + count(problems, false) + " warning(s), " + count(problems, true) + " error(s)"
                    + (valid ? "" : " - invalid"));
        }
        return valid ? EXIT_OK : EXIT_USAGE;
    }

    private static long count(List<Problem> problems, boolean errors) {
        return problems.stream().filter(p -> p.isError() == errors).count();
    }

    private int monitor(List<String> argv) {
        if (argv.contains("--help")) {
            out.println(MONITOR_USAGE);
            out.println("Evaluates the spec's SLOs against their provider and prints one status table per round.");
            out.println("--spec-id ID finds DIR/**/ID/spec.md (DIR: --specs-dir, default 'specs') and the");
            out.println("observability.yaml beside it. --at evaluates as of a past instant where the provider");
            out.println("supports it. Breaches are forwarded to the incident_response receivers of");
            out.println("observability.yaml; undelivered ones wait in --outbox DIR (default .slo/outbox) for the next run.");
            out.println("The monitor keeps its open breaches there too, so a run (or a restarted daemon) sends only what");
            out.println("changed: a new breach, a recovery. One process at a time per directory (a second exits 2).");
            out.println("--daemon prints one status block per round until Ctrl-C or SIGTERM, records every round in");
            out.println("--history DIR (default .slo/history) and writes the daily, weekly and monthly reports to");
            out.println("--reports DIR (default .slo/reports) once each period is complete, in --zone.");
            out.println("--watch does what --daemon does on one screen redrawn every round: status, error budget,");
            out.println("a sparkline of each SLO's last values and the last events; q or Ctrl-C leaves it.");
            out.println("Breaches, recoveries and their deliveries become incidents in --incidents-db (default: incidents");
            out.println("beside the outbox, .slo/incidents; or a jdbc:postgresql: URL); see slo incidents --help.");
            out.println("Exit 0 all met, 1 a breach, 2 usage/configuration error, 3 some not evaluated.");
            return EXIT_OK;
        }
        Args args = Args.parse(argv, Set.of("spec", "config", "spec-id", "specs-dir", "interval", "at", "format",
                        "outbox", "history", "reports", "zone", "incidents-db"),
                Set.of("run-once", "daemon", "watch", "no-color"));
        String format = format(args, "table", "json");
        if (args.has("run-once") && args.has("daemon")) {
            throw new Args.UsageException("--run-once and --daemon exclude each other");
        }
        if (args.has("run-once") && args.has("watch")) {
            throw new Args.UsageException("--run-once and --watch exclude each other");
        }
        if (args.has("interval") && !args.has("daemon") && !args.has("watch")) {
            throw new Args.UsageException("--interval goes with --daemon");
        }
        SpecSelection selection = SpecSelection.from(args);
        Instant at = args.value("at").map(SloCli::instant).orElse(null);
        LoadedSpec spec = SpecLoader.load(selection.spec(), selection.config(), env);
        printProblems(spec.problems());
        if (spec.slos().size() == 0) {
            err.println("slo: no SLO of " + selection.spec() + " could be built");
            return EXIT_USAGE;
        }
        Duration interval = args.value("interval").map(SloCli::seconds).orElse(null);
        Path outboxRoot = Path.of(args.value("outbox").orElse(DEFAULT_OUTBOX));
        Path outbox = outboxRoot.resolve(spec.specId());
        // incidents live beside the outbox (.slo/incidents) unless --incidents-db says where
        String incidentsDb = args.value("incidents-db")
                .orElseGet(() -> outboxRoot.resolveSibling("incidents").toString());
        try (MetricSource source = MetricSourceProvider.sourceFor(spec.config(), env)) {
            if (at != null && !source.supportsPastInstants()) {
                throw new Args.UsageException("--at: provider '" + source.name()
                        + "' cannot evaluate a past instant; it only knows the present");
            }
            if (args.has("daemon") || args.has("watch")) {
                if (at != null) {
                    throw new Args.UsageException("--at goes with --run-once: a daemon evaluates the present");
                }
                Path history = Path.of(args.value("history").orElse(DEFAULT_HISTORY));
                Path reports = Path.of(args.value("reports").orElse(DEFAULT_REPORTS));
                return daemon(spec, selection, source, interval, outbox, history, reports, zone(args), format,
                        args.has("no-color"), args.has("watch"), incidentsDb);
            }
            return runOnce(spec, source, at, outbox, format, args.has("no-color"), incidentsDb);
        }
    }

    /**
     * One round through {@link SloMonitor#runOnce()} (at {@code --at}, or now). With receivers, its events
     * go to them before the command exits, so a deploy pipeline's check can page; the monitor keeps its
     * state in the outbox directory, so a run tells receivers only what changed since the last run: a new
     * breach, a recovery. A run {@code --at} a past instant keeps no state and forwards its breaches.
     */
    private int runOnce(LoadedSpec spec, MetricSource source, Instant at, Path outbox, String format,
                        boolean noColor, String incidentsDb) {
        // a run --at a past instant investigates: it records no incidents
        Incidents records = at != null ? null : Incidents.in(IncidentStore.at(incidentsDb)).closeStoreOnClose().build();
        IncidentForwarder incidents;
        try {
            incidents = spec.config().incidentResponse().isEmpty() ? null
                    : IncidentForwarder.fromConfig(spec.config().file(), spec.config().incidentResponse(), outbox,
                    DeliveryPolicy.ofDefaults(), records != null ? records : DeliveryRecorder.NONE);
        } catch (RuntimeException e) {
            if (records != null) {
                records.close();
            }
            throw e;
        }
        try {
            List<SloEvent> forwarded = new java.util.concurrent.CopyOnWriteArrayList<>();
            // spec(...): the file's timeout and query_concurrency apply; the round ends by its deadline
            SloMonitor.Builder builder = SloMonitor.builder().spec(spec, source)
                    .clock(Clock.fixed(at != null ? at : clock.instant(), java.time.ZoneOffset.UTC));
            if (records != null) {
                // recorded before it is forwarded, so that deliveries find their incident; the monitor keeps
                // its state so that the next run records the recovery
                builder.listener(records::onEvent).onRound(records::onRound).stateDirectory(outbox);
            }
            if (incidents != null) {
                // a listener of its own, so that closing the monitor leaves the forwarder open for the flush
                builder.listener(incidents::onEvent).listener(forwarded::add);
            }
            EvaluationRound round;
            try (SloMonitor monitor = builder.build()) {
                round = monitor.runOnce();
            }
            print(spec.specId(), round, format, noColor);
            if (incidents != null && !forwarded.isEmpty()) {
                boolean delivered = incidents.flush(FORWARD_TIMEOUT);
                long recoveries = forwarded.stream().filter(e -> e.kind() == SloEvent.Kind.RECOVERY).count();
                err.println("slo: forwarded " + (forwarded.size() - recoveries) + " breach(es)"
                        + (recoveries > 0 ? " and " + recoveries + " recovery(ies)" : "") + " to "
                        + spec.config().incidentResponse().size() + " receiver(s)"
                        + (delivered ? "" : "; some are still pending in " + outbox + " and will be sent on the next run"));
            }
            return exitCode(round, !spec.isValid());
        } finally {
            if (incidents != null) {
                incidents.close();
            }
            if (records != null) {
                records.close();
            }
        }
    }

    private int daemon(LoadedSpec spec, SpecSelection selection, MetricSource source, Duration interval, Path outbox,
                       Path historyDir,
                       Path reportsDir, ZoneId zone, String format, boolean noColor, boolean watch,
                       String incidentsDb) {
        // --watch: the rounds and events redraw one screen instead of scrolling
        WatchScreen screen = new WatchScreen(spec.specId(), terminal && !noColor);
        SloHistory history = SloHistory.in(historyDir);
        ReportScheduler reports = ReportScheduler.builder(history).zone(zone).clock(clock)
                .sink(ReportSink.directory(reportsDir)).build();
        Incidents records = Incidents.in(IncidentStore.at(incidentsDb)).closeStoreOnClose().build();
        IncidentForwarder incidents;
        try {
            incidents = spec.config().incidentResponse().isEmpty() ? null
                    : IncidentForwarder.fromConfig(spec.config().file(), spec.config().incidentResponse(), outbox,
                    DeliveryPolicy.ofDefaults(), records);
        } catch (RuntimeException e) {
            records.close();
            throw e;
        }
        // spec(...) applies the file's interval, query_concurrency, breach_for, reminder_every and
        // alert_when_no_data; options given on the command line win
        // what receivers were told (open breaches) survives restarts, beside the outbox; one daemon per directory
        SloMonitor.Builder builder = SloMonitor.builder()
                .spec(spec, source)
                .stateDirectory(outbox)
                .clock(clock)
                .listener(event -> {
                    if (watch) {
                        screen.event(event);
                    } else {
                        err.println(event);
                    }
                })
                .onRound(round -> {
                    if (watch) {
                        screen.round(round);
                        out.print(screen.render());
                    } else {
                        print(spec.specId(), round, format, noColor);
                    }
                    out.flush();
                })
                .onRound(history::append)
                .onRound(reports)
                .onRound(records::onRound)
                .listener(records::onEvent);
        if (incidents != null) {
            builder.listener(incidents);
        }
        if (interval != null) {
            builder.interval(interval);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                // SIGTERM: let the daemon close the monitor and hand pending incidents to the outbox
                stopped.await(SHUTDOWN_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (SloMonitor monitor = builder.build()) {
            if (watch) {
                screen.interval(monitor.interval());
                WatchKeys.onQuit(stop::countDown);
            }
            monitor.start();
            err.println("slo: monitoring " + spec.specId() + " every " + monitor.interval().toSeconds()
                    + "s (history in " + historyDir + ", daily/weekly/monthly reports in " + reportsDir
                    + "); stop with Ctrl-C or SIGTERM");
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
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
            err.println("slo: stopped");
            err.flush();
            stopped.countDown();
        }
        return EXIT_OK;
    }

    private int rules(List<String> argv) {
        if (argv.contains("--help")) {
            out.println(RULES_USAGE);
            out.println("Writes a Prometheus rules file for the spec's SLOs: error-ratio recordings over 5m..3d and");
            out.println("the SLO period, error-budget recordings, multi-window multi-burn-rate alerts for ratio SLOs,");
            out.println("and an alert per threshold SLO that fires after --for (default 5m). Load it into Prometheus,");
            out.println("Thanos Ruler or Mimir; check it with 'promtool check rules FILE'.");
            return EXIT_OK;
        }
        Args args = Args.parse(argv, Set.of("spec", "config", "spec-id", "specs-dir", "out", "for"),
                Set.of("no-alerts", "no-recordings"));
        SpecSelection selection = SpecSelection.from(args);
        LoadedSpec spec = SpecLoader.load(selection.spec(), selection.config(), env);
        printProblems(spec.problems());
        if (spec.slos().size() == 0) {
            err.println("slo: no SLO of " + selection.spec() + " could be built");
            return EXIT_USAGE;
        }
        PrometheusRules rules = PrometheusRules.forSpec(spec); // refuses a provider that does not speak PromQL
        if (args.has("for")) {
            String text = args.value("for").get();
            try {
                rules = rules.thresholdAlertsFor(Windows.parse(text));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--for: " + e.getMessage());
            }
        }
        if (args.has("no-alerts")) {
            rules = rules.withoutAlerts();
        }
        if (args.has("no-recordings")) {
            rules = rules.withoutRecordings();
        }
        String yaml = rules.generate();
        if (args.has("out")) {
            Path file = Path.of(args.value("out").get());
            write(file, yaml);
            err.println("slo: wrote the rules of " + spec.slos().size() + " SLO(s) to " + file);
        } else {
            out.print(yaml);
        }
        return spec.isValid() ? EXIT_OK : EXIT_UNKNOWN;
    }

    private int report(List<String> argv) {
        if (argv.contains("--help")) {
            out.println(REPORT_USAGE);
            out.println("Builds the SLO report of a period from the rounds that 'slo monitor --daemon' (or an application's");
            out.println("SloMonitor with SloHistory) recorded in --history DIR (default .slo/history): executive summary,");
            out.println("per-SLO compliance, error budget, breaches, trend against the previous period, action items and");
            out.println("an appendix. --period: daily, weekly, monthly (the last complete one), 2026-03-29, 2026-W13,");
            out.println("2026-03 or 2026-03-01..2026-03-15, in --zone (default the system's). --from-provider instead");
            out.println("evaluates the SLOs at every --step (default 1h) of the period through the spec's provider");
            out.println("(Prometheus, Datadog), so the report is right even for periods when no monitor ran.");
            return EXIT_OK;
        }
        Args args = Args.parse(argv, Set.of("spec", "config", "spec-id", "specs-dir", "period", "format", "out",
                "history", "zone", "step"), Set.of("from-provider"));
        SpecSelection selection = SpecSelection.from(args);
        ZoneId zone = zone(args);
        String periodText = args.value("period")
                .orElseThrow(() -> new Args.UsageException("missing --period daily|weekly|monthly|FROM..TO"));
        ReportPeriod period;
        try {
            period = ReportPeriod.parse(periodText, zone, clock.instant());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--period: " + e.getMessage());
        }
        ReportFormat format = ReportFormat.parse(args.value("format").orElse("md"))
                .orElseThrow(() -> new Args.UsageException("--format '" + args.value("format").get()
                        + "' is not one of md, json, html"));
        LoadedSpec spec = SpecLoader.load(selection.spec(), selection.config(), env);
        printProblems(spec.problems());
        SloReport.Builder builder = SloReport.forSpec(spec.specId()).over(period).expecting(spec.slos()).clock(clock);
        if (args.has("from-provider")) {
            if (args.has("history")) {
                throw new Args.UsageException("--from-provider computes the history; it takes no --history");
            }
            Duration step = args.value("step").map(SloCli::window).orElse(DEFAULT_REPORT_STEP);
            try (MetricSource source = MetricSourceProvider.sourceFor(spec.config(), env)) {
                if (!source.supportsPastInstants()) {
                    throw new Args.UsageException("--from-provider: provider '" + source.name()
                            + "' cannot answer for past instants; report from the monitor's --history instead");
                }
                builder.from(fromProvider(spec, source, period, step), fromProvider(spec, source, period.previous(), step));
            }
        } else {
            if (args.has("step")) {
                throw new Args.UsageException("--step goes with --from-provider");
            }
            Path historyDir = Path.of(args.value("history").orElse(DEFAULT_HISTORY));
            if (!Files.isDirectory(historyDir)) {
                err.println("slo: no history in " + historyDir + "; 'slo monitor --daemon' records one there"
                        + " (or give --history DIR, or --from-provider for Prometheus and Datadog)");
                return EXIT_USAGE;
            }
            builder.from(SloHistory.in(historyDir));
        }
        SloReport report = builder.build();
        String text = format.render(report);
        if (args.has("out")) {
            Path file = Path.of(args.value("out").get());
            write(file, text);
            err.println("slo: wrote the " + period + " report of " + spec.specId() + " to " + file);
        } else {
            out.print(text);
        }
        return EXIT_OK;
    }

    /** The period's SLIs evaluated by the provider at every step, up to now. */
    private HistoryReading fromProvider(LoadedSpec spec, MetricSource source, ReportPeriod period, Duration step) {
        Instant now = clock.instant();
        Instant to = period.to().isAfter(now) ? now : period.to();
        if (!period.from().isBefore(to)) {
            throw new Args.UsageException("--period " + period + " has not started yet");
        }
        return ProviderHistory.read(spec.slos(), source, SloEvaluator.withDefaults(), period.from(), to, step);
    }

    private static Duration window(String text) {
        try {
            return Windows.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--step: " + e.getMessage());
        }
    }

    private static void write(Path file, String text) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static ZoneId zone(Args args) {
        String text = args.value("zone").orElse(null);
        if (text == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(text);
        } catch (java.time.DateTimeException e) {
            throw new Args.UsageException("--zone '" + text + "' is not a time zone (e.g. UTC, Europe/Berlin)");
        }
    }

    /** Stops a running {@code monitor --daemon} (as SIGTERM does). */
    /** Runs a command that waits on {@link #stop}: SIGTERM stops it and waits for it to finish. */
    private int withShutdownHook(java.util.function.IntSupplier command) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(SHUTDOWN_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return command.getAsInt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping
            }
            stopped.countDown();
        }
    }

    public void stop() {
        stop.countDown();
    }

    private void print(String specId, EvaluationRound round, String format, boolean noColor) {
        if (format.equals("json")) {
            out.println(JsonOutput.round(specId, round));
        } else {
            boolean color = terminal && !noColor && !env.containsKey("NO_COLOR");
            out.print(StatusTable.render(specId, round, color));
        }
    }

    static int exitCode(EvaluationRound round, boolean someSlosMissing) {
        if (round.hasBreaches()) {
            return EXIT_BREACHED;
        }
        return round.hasUnknowns() || someSlosMissing ? EXIT_UNKNOWN : EXIT_OK;
    }

    private void printProblems(List<Problem> problems) {
        for (Problem p : problems) {
            err.println((p.isError() ? "error: " : "warning: ") + p);
        }
    }

    private static String format(Args args, String... accepted) {
        String format = args.value("format").orElse(accepted[0]);
        if (!Arrays.asList(accepted).contains(format)) {
            throw new Args.UsageException("--format '" + format + "' is not one of " + String.join(", ", accepted));
        }
        return format;
    }

    private static Duration seconds(String text) {
        try {
            long n = Long.parseLong(text.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(n);
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--interval '" + text + "' is not a whole number of seconds >= 1");
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
