package io.smartspec.slo.cli.internal;

import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Windows;
import io.smartspec.slo.monitor.MaintenanceAnnouncements;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code slo maintenance start|list|end}: maintenance announced at run time, kept in the monitor's state
 * directory ({@code --outbox DIR}/spec id, as {@code slo monitor} keeps it), where a running
 * {@code slo monitor --daemon} reads it on its next round ({@link MaintenanceAnnouncements}).
 */
public final class MaintenanceCommand {

    public static final String USAGE = "usage: slo maintenance start " + SpecSelection.USAGE
            + " --for DURATION --reason TEXT [--slos NAME,...] [--from ISO-8601] [--outbox DIR]\n"
            + "       slo maintenance list " + SpecSelection.USAGE + " [--outbox DIR]\n"
            + "       slo maintenance end " + SpecSelection.USAGE + " [--id ID] [--outbox DIR]";

    private static final String HELP = """
            Announces maintenance at run time: the events inside a window are left out of the SLI and the error
            budget, and no breach fires inside it (the monitor's result says 'suppressed: maintenance <reason>';
            a breach that is still there when the window ends fires then). The windows are kept in
            maintenance.json of the monitor's state directory (--outbox DIR/<spec id>, default .slo/outbox),
            so a running 'slo monitor --daemon' honours them from its next round.
              start  a window from now (or --from) for --for (e.g. 30m, 2h), for the whole spec or --slos
              list   the windows declared in observability.yaml (maintenance:) and those announced
              end    ends the windows in force now (or the one with --id) at this instant; an ended window
                     keeps its interval, so its events stay out of the budget
            """;

    private final Console console;

    public MaintenanceCommand(Console console) {
        this.console = console;
    }

    public int run(List<String> argv) {
        if (argv.contains("--help")) {
            console.out().println(USAGE);
            console.out().print(HELP);
            return ExitCodes.OK;
        }
        if (argv.isEmpty()) {
            throw new Args.UsageException("missing an action: start, list or end");
        }
        String action = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        Set<String> selection = Set.of("spec", "config", "spec-id", "specs-dir", "outbox");
        return switch (action) {
            case "start" -> start(Args.parse(rest, union(selection, Set.of("for", "reason", "slos", "from")), Set.of()));
            case "list" -> list(Args.parse(rest, selection, Set.of()));
            case "end" -> end(Args.parse(rest, union(selection, Set.of("id")), Set.of()));
            default -> throw new Args.UsageException("unknown action '" + action + "'; expected start, list or end"
                    + Problem.didYouMean(action, List.of("start", "list", "end")));
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    private LoadedSpec load(Args args) {
        SpecSelection s = SpecSelection.from(args);
        return SpecLoader.load(s.spec(), s.config(), console.env());
    }

    private static MaintenanceAnnouncements announcements(Args args, LoadedSpec spec) {
        return MaintenanceAnnouncements.in(Path.of(args.value("outbox").orElse(MonitorCommand.DEFAULT_OUTBOX))
                .resolve(spec.specId()));
    }

    private int start(Args args) {
        Duration length = Console.duration("for", args.value("for")
                .orElseThrow(() -> new Args.UsageException("missing --for DURATION (e.g. --for 30m)")));
        String reason = args.value("reason").map(String::strip).filter(r -> !r.isEmpty())
                .orElseThrow(() -> new Args.UsageException("missing --reason TEXT (say why, e.g. --reason \"deploy "
                        + "of 4.2\")"));
        Instant from = args.value("from").map(MaintenanceCommand::instant).orElseGet(() -> console.clock().instant());
        LoadedSpec spec = load(args);
        Set<String> names = new TreeSet<>(spec.slos().slos().stream().map(Slo::name).toList());
        Set<String> slos = new LinkedHashSet<>();
        for (String s : args.value("slos").map(v -> v.split(",")).orElse(new String[0])) {
            String name = s.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!names.contains(name)) {
                throw new Args.UsageException("--slos: '" + name + "' is not an SLO of spec '" + spec.specId()
                        + "'; expected one of " + String.join(", ", names) + Problem.didYouMean(name, names));
            }
            slos.add(name);
        }
        MaintenanceAnnouncements store = announcements(args, spec);
        MaintenanceAnnouncements.Announcement a = store.start(spec.specId(), slos, from, length, reason);
        console.out().println("maintenance " + a.id() + " of " + spec.specId() + (slos.isEmpty() ? "" : " " + slos)
                + ": " + a.from() + " .. " + a.to() + " (" + a.reason() + ")");
        console.err().println("slo: written to " + store.file() + "; a running 'slo monitor --daemon' honours it "
                + "from its next round");
        return ExitCodes.OK;
    }

    private int list(Args args) {
        LoadedSpec spec = load(args);
        Instant now = console.clock().instant();
        List<MaintenanceWindow> declared = spec.config().maintenance();
        List<MaintenanceAnnouncements.Announcement> announced = announcements(args, spec).list().stream()
                .filter(a -> a.specId().equals(spec.specId())).toList();
        if (declared.isEmpty() && announced.isEmpty()) {
            console.out().println("no maintenance for " + spec.specId());
            return ExitCodes.OK;
        }
        for (MaintenanceWindow w : declared) {
            String state = w.isActiveAt(now) ? "in force" : "declared";
            console.out().println("declared  " + state + "  " + describe(w) + "  " + scope(w.slos()) + "  "
                    + w.reason());
        }
        for (MaintenanceAnnouncements.Announcement a : announced) {
            String state = a.isActiveAt(now) ? "in force" : a.from().isAfter(now) ? "planned" : "ended";
            console.out().println(a.id() + "  " + state + "  " + a.from() + " .. " + a.to() + " ("
                    + Windows.format(Duration.between(a.from(), a.to())) + ")  " + scope(a.slos()) + "  "
                    + a.reason());
        }
        return ExitCodes.OK;
    }

    private int end(Args args) {
        LoadedSpec spec = load(args);
        Optional<String> id = args.value("id");
        Instant now = console.clock().instant();
        List<MaintenanceAnnouncements.Announcement> ended = announcements(args, spec).end(spec.specId(), id, now);
        if (ended.isEmpty()) {
            console.err().println("slo: " + (id.isPresent() ? "no announced maintenance '" + id.get() + "' of "
                    + spec.specId() + " is in force or planned" : "no announced maintenance of " + spec.specId()
                    + " is in force") + "; see slo maintenance list");
            return ExitCodes.USAGE;
        }
        for (MaintenanceAnnouncements.Announcement a : ended) {
            console.out().println("maintenance " + a.id() + " of " + spec.specId() + (a.from().isAfter(now)
                    ? ": withdrawn (it had not begun)" : ": ended at " + now + " (began " + a.from() + ")"));
        }
        return ExitCodes.OK;
    }

    /** The spec's declared windows and those announced in its state directory under {@code outboxRoot}. */
    static io.smartspec.slo.MaintenanceCalendar calendar(LoadedSpec spec, String outboxRoot) {
        return io.smartspec.slo.MaintenanceCalendar.create().addAll(spec.specId(), spec.config().maintenance())
                .readFrom(MaintenanceAnnouncements.in(Path.of(outboxRoot).resolve(spec.specId()))::entries);
    }

    private static String describe(MaintenanceWindow w) {
        if (w instanceof MaintenanceWindow.Explicit e) {
            return e.from() + " .. " + e.to();
        }
        MaintenanceWindow.Recurring r = (MaintenanceWindow.Recurring) w;
        return "'" + r.starts() + "' for " + Windows.format(r.duration()) + " in " + r.zone();
    }

    private static String scope(Set<String> slos) {
        return slos.isEmpty() ? "all SLOs" : String.join(",", new TreeSet<>(slos));
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new Args.UsageException("--from '" + text + "' is not an ISO-8601 instant with an offset (e.g. "
                    + "2026-03-01T22:00:00Z or 2026-03-01T23:00:00+01:00)");
        }
    }
}
