package io.smartspec.slo.cli;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.cli.internal.AlertmanagerCommand;
import io.smartspec.slo.cli.internal.Args;
import io.smartspec.slo.cli.internal.CliLogging;
import io.smartspec.slo.cli.internal.DashboardCommand;
import io.smartspec.slo.cli.internal.DoctorCommand;
import io.smartspec.slo.cli.internal.Command;
import io.smartspec.slo.cli.internal.Console;
import io.smartspec.slo.cli.internal.ExitCodes;
import io.smartspec.slo.cli.internal.MaintenanceCommand;
import io.smartspec.slo.cli.internal.MonitorCommand;
import io.smartspec.slo.cli.internal.OpenSloCommand;
import io.smartspec.slo.cli.internal.OnCallCardCommand;
import io.smartspec.slo.cli.internal.PostMortemCommand;
import io.smartspec.slo.cli.internal.ReportCommand;
import io.smartspec.slo.cli.internal.RulesCommand;
import io.smartspec.slo.cli.internal.ValidateCommand;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code slo} command: {@code validate}, {@code monitor}, {@code rules}, {@code report},
 * {@code dashboard}, {@code alertmanager}, {@code doctor}, {@code postmortem}, {@code oncall-card} — one class each in {@code cli.internal}, sharing
 * option parsing ({@code Args}, {@code SpecSelection}) and output ({@code Console}, {@code StackCommand}).
 *
 * <p>Exit codes: {@value #EXIT_OK} all met (or at risk), {@value #EXIT_BREACHED} at least one SLO
 * breached, {@value #EXIT_USAGE} usage or configuration error, {@value #EXIT_UNKNOWN} nothing
 * breached but some SLOs could not be evaluated.
 *
 * @since 0.1.0
 */
public final class SloCli {

    public static final int EXIT_OK = ExitCodes.OK;
    public static final int EXIT_BREACHED = ExitCodes.BREACHED;
    public static final int EXIT_USAGE = ExitCodes.USAGE;
    public static final int EXIT_UNKNOWN = ExitCodes.UNKNOWN;

    static final String USAGE = "usage: slo <validate|monitor|rules|report|dashboard|alertmanager|doctor|incidents|maintenance|serve|postmortem|oncall-card|openslo> [options]  (slo <command> --help)";

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
            + "  maintenance start, list or end maintenance windows (no breach fires, their events leave the budget)\n"
            + "  serve      serve the incident API (and Alertmanager's webhook intake) until Ctrl-C or SIGTERM\n"
            + "  postmortem draft the blameless post-mortem of an incident from its record and the history (md or html)\n"
            + "  oncall-card  the on-call card: one printable page per service (objectives, paging, runbooks, commands)\n"
            + "  openslo    import OpenSLO v1 files as specs (spec.md, observability.yaml), or export a spec as OpenSLO\n\n"
            + "options of every command: --verbose (debug log lines too), --quiet (errors only); log lines go to stderr\n\n"
            + "exit codes: 0 all met, 1 a breach, 2 usage or configuration error, 3 some SLOs not evaluated\n";

    private final Console console;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    public SloCli(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, boolean terminal) {
        this.console = new Console(out, err, env, clock, terminal);
        for (Command c : List.of(new ValidateCommand(console), new MonitorCommand(console), new RulesCommand(console),
                new ReportCommand(console), new OnCallCardCommand(console))) {
            commands.put(c.info().name(), c);
        }
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
            console.err().println("slo: " + e.getMessage());
            console.err().println(USAGE);
            return EXIT_USAGE;
        }
        if (argv.length == 0) {
            console.err().println(USAGE);
            return EXIT_USAGE;
        }
        String name = argv[0];
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        if (List.of("--help", "-h", "help").contains(name)) {
            console.out().print(HELP);
            return EXIT_OK;
        }
        Command command = commands.get(name);
        String usage = command == null ? USAGE : command.info().usage();
        try {
            switch (name) {
                // the monitoring stack's commands parse their own options
                case "dashboard" -> {
                    usage = DashboardCommand.USAGE;
                    return new DashboardCommand(console.out(), console.err(), console.env()).run(rest);
                }
                case "alertmanager" -> {
                    usage = AlertmanagerCommand.USAGE;
                    return new AlertmanagerCommand(console.out(), console.err(), console.env()).run(rest);
                }
                case "doctor" -> {
                    usage = DoctorCommand.USAGE;
                    return new DoctorCommand(console.out(), console.err(), console.env()).run(rest);
                }
                case "incidents" -> {
                    usage = IncidentsCommand.USAGE;
                    return new IncidentsCommand(console.out(), console.err(), console.env(), console.clock()).run(rest);
                }
                case "openslo" -> {
                    usage = OpenSloCommand.USAGE;
                    return new OpenSloCommand(console).run(rest);
                }
                case "maintenance" -> {
                    usage = MaintenanceCommand.USAGE;
                    return new MaintenanceCommand(console).run(rest);
                }
                case "postmortem" -> {
                    usage = PostMortemCommand.USAGE;
                    return new PostMortemCommand(console).run(rest);
                }
                case "serve" -> {
                    usage = ServeCommand.USAGE;
                    return withShutdownHook(() -> new ServeCommand(console.out(), console.err(), console.env(),
                            console.clock(), console.stop()).run(rest));
                }
                default -> {
                    // one of the commands below
                }
            }
            if (command == null) {
                throw new Args.UsageException("unknown command '" + name + "'" + Problem.didYouMean(name,
                        java.util.List.of("validate", "monitor", "rules", "report", "dashboard", "alertmanager",
                                "doctor", "incidents", "serve", "maintenance", "postmortem", "oncall-card", "openslo")));
            }
            if (rest.contains("--help")) {
                console.out().println(command.info().usage());
                console.out().print(command.info().help());
                return EXIT_OK;
            }
            return command.run(Args.parse(rest, command.info().valued(), command.info().flags()));
        } catch (Args.UsageException e) {
            console.err().println("slo: " + e.getMessage());
            console.err().println(usage);
            return EXIT_USAGE;
        } catch (SloValidationException e) {
            console.printProblems(e.problems());
            return EXIT_USAGE;
        } catch (UncheckedIOException | io.smartspec.slo.incident.store.IncidentException e) {
            console.err().println("slo: " + e.getMessage());
            return EXIT_USAGE;
        } catch (OutOfMemoryError | StackOverflowError e) {
            console.err().println(ResourceErrors.describe(e, Runtime.getRuntime().maxMemory()));
            return EXIT_USAGE;
        }
    }

    /** Runs a command that waits on the stop latch: SIGTERM stops it and waits for it to finish. */
    private int withShutdownHook(java.util.function.IntSupplier command) {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            console.stop().countDown();
            try {
                stopped.await(MonitorCommand.SHUTDOWN_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
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

    /** Stops a running {@code monitor --daemon} (as SIGTERM does). */
    public void stop() {
        console.stop().countDown();
    }
}
