package io.smartspec.slo.cli.internal;

import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.history.HistoryReading;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.report.ProviderHistory;
import io.smartspec.slo.report.ReportFormat;
import io.smartspec.slo.report.ReportPeriod;
import io.smartspec.slo.report.SloReport;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/** {@code slo report}: the SLO report of a period, from the monitor's history or from the provider. */
public final class ReportCommand implements Command {

    public static final String USAGE = "usage: slo report " + SpecSelection.USAGE
            + " --period daily|weekly|monthly|FROM..TO [--format md|json|html] [--out FILE]"
            + " [--history DIR | --from-provider [--step DURATION]] [--zone ZONE] [--outbox DIR]";

    static final Duration DEFAULT_STEP = Duration.ofHours(1);

    private final Console console;

    public ReportCommand(Console console) {
        this.console = console;
    }

    static final Info INFO = new Info("report", USAGE, """
            Builds the SLO report of a period from the rounds that 'slo monitor --daemon' (or an application's
            SloMonitor with SloHistory) recorded in --history DIR (default .slo/history): executive summary,
            per-SLO compliance, error budget, breaches, trend against the previous period, action items and
            an appendix. --period: daily, weekly, monthly (the last complete one), 2026-03-29, 2026-W13,
            2026-03, 2026-03-01..2026-03-15 or 2026-03-01T12:00:00Z..2026-03-02T12:00:00Z, in --zone (default
            the system's); the period must have ended. --from-provider instead evaluates the SLOs at every
            --step (default 1h) of the period through the spec's provider (Prometheus, Datadog), so the report
            is right even for periods when no monitor ran.
            The report lists the maintenance windows of the period: those of observability.yaml and those
            announced with 'slo maintenance start' (kept under --outbox DIR, default .slo/outbox).
            Exit 0 a report, 2 usage/configuration error, 3 no data at all in the period.
            """,
            Set.of("spec", "config", "spec-id", "specs-dir", "period", "format", "out", "history", "zone", "step",
                    "outbox"),
            Set.of("from-provider"));

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public int run(Args args) {
        SpecSelection selection = SpecSelection.from(args);
        ZoneId zone = Console.zone(args);
        String periodText = args.value("period")
                .orElseThrow(() -> new Args.UsageException("missing --period daily|weekly|monthly|FROM..TO"));
        ReportPeriod period;
        try {
            period = ReportPeriod.parse(periodText, zone, console.clock().instant());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--period: " + e.getMessage());
        }
        if (period.to().isAfter(console.clock().instant())) {
            throw new Args.UsageException("--period " + period.label() + " has not ended (it ends at " + period.to()
                    + "); a report covers a complete period — give one that has ended, e.g. daily");
        }
        ReportFormat format = ReportFormat.parse(args.value("format").orElse("md"))
                .orElseThrow(() -> new Args.UsageException("--format '" + args.value("format").get()
                        + "' is not one of md, json, html"));
        LoadedSpec spec = SpecLoader.load(selection.spec(), selection.config(), console.env());
        console.printProblems(spec.problems());
        io.smartspec.slo.MaintenanceCalendar maintenance = MaintenanceCommand.calendar(spec, args.value("outbox").orElse(MonitorCommand.DEFAULT_OUTBOX));
        SloReport.Builder builder = SloReport.forSpec(spec.specId()).over(period).expecting(spec.slos())
                .clock(console.clock()).maintenance(maintenance);
        if (args.has("from-provider")) {
            if (args.has("history")) {
                throw new Args.UsageException("--from-provider computes the history; it takes no --history");
            }
            Duration step = args.value("step").map(text -> Console.window("step", text)).orElse(DEFAULT_STEP);
            try (MetricSource source = MetricSourceProvider.sourceFor(spec.config(), console.env())) {
                if (!source.supportsPastInstants()) {
                    throw new Args.UsageException("--from-provider: provider '" + source.name()
                            + "' cannot answer for past instants; report from the monitor's --history instead");
                }
                builder.from(fromProvider(spec, source, period, step, maintenance),
                        fromProvider(spec, source, period.previous(), step, maintenance));
            }
        } else {
            if (args.has("step")) {
                throw new Args.UsageException("--step goes with --from-provider");
            }
            Path historyDir = Path.of(args.value("history").orElse(MonitorCommand.DEFAULT_HISTORY));
            if (!Files.isDirectory(historyDir)) {
                console.err().println("slo: no history in " + historyDir + "; 'slo monitor --daemon' records one there"
                        + " (or give --history DIR, or --from-provider for Prometheus and Datadog)");
                return ExitCodes.USAGE;
            }
            builder.from(SloHistory.in(historyDir));
        }
        SloReport report = builder.build();
        String text = format.render(report);
        if (args.has("out")) {
            Path file = Path.of(args.value("out").get());
            Console.write(file, text);
            console.err().println("slo: wrote the " + period + " report of " + spec.specId() + " to " + file);
        } else {
            console.out().print(text);
        }
        if (report.slos().stream().allMatch(section -> section.rounds() == 0)) {
            console.err().println("slo: no data at all for " + spec.specId() + " in " + period
                    + ": no round was recorded in the period, so every SLO is NO_DATA");
            return ExitCodes.UNKNOWN;
        }
        return ExitCodes.OK;
    }

    /** The period's SLIs evaluated by the provider at every step, up to now. */
    private HistoryReading fromProvider(LoadedSpec spec, MetricSource source, ReportPeriod period, Duration step,
                                        io.smartspec.slo.MaintenanceCalendar maintenance) {
        Instant now = console.clock().instant();
        Instant to = period.to().isAfter(now) ? now : period.to();
        if (!period.from().isBefore(to)) {
            throw new Args.UsageException("--period " + period + " has not started yet");
        }
        return ProviderHistory.read(spec.slos(), source, SloEvaluator.withDefaults().excluding(maintenance),
                period.from(), to, step);
    }
}
