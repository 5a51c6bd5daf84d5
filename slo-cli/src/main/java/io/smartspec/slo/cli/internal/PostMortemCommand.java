package io.smartspec.slo.cli.internal;

import io.smartspec.slo.history.HistoryReading;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentException;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.postmortem.PostMortem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code slo postmortem ID}: the post-mortem draft of an incident recorded by {@code slo monitor} (the store
 * of {@code slo incidents}), with the SLO's chart from the monitor's history.
 */
public final class PostMortemCommand {

    public static final String USAGE = "usage: slo postmortem INCIDENT-ID|SPEC/SLO [--format md|html] [--zone ZONE]"
            + " [--out FILE] [--incidents-db DIR|JDBC-URL] [--history DIR]";

    private static final String HELP = """
            Drafts a blameless post-mortem of an incident: summary, impact (duration, error budget burned and
            left), detection (first bad round to the first alert each receiver took), the timeline, remediation
            actions and what followed them, the SLO's chart over the incident (HTML), and the sections a human
            writes (root cause, lessons, action items), marked. Every figure comes from the incident record
            (--incidents-db, default .slo/incidents, where slo monitor records them) and the history (--history,
            default .slo/history, recorded by slo monitor --daemon); what they do not hold reads 'not recorded'
            and why. Times in --zone (default: the system's). --out FILE writes the draft there.
            """;

    private final Console console;

    public PostMortemCommand(Console console) {
        this.console = console;
    }

    public int run(List<String> argv) {
        if (argv.contains("--help")) {
            console.out().println(USAGE);
            console.out().print(HELP);
            return ExitCodes.OK;
        }
        List<String> rest = new ArrayList<>(argv);
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new Args.UsageException("slo postmortem needs an incident: its ID (slo incidents list) or SPEC/SLO");
        }
        String ref = rest.remove(0);
        Args args = Args.parse(rest, Set.of("format", "zone", "out", "incidents-db", "history"), Set.of());
        String format = Console.format(args, "md", "html");
        ZoneId zone = Console.zone(args);
        String location = args.value("incidents-db").orElse(MonitorCommand.DEFAULT_INCIDENTS);
        if (!location.startsWith("jdbc:") && !Files.isDirectory(Path.of(location.startsWith("file:")
                ? java.net.URI.create(location).getPath() : location))) {
            console.err().println("slo: no incidents in " + location + ": the directory does not exist; slo monitor"
                    + " records incidents there (give --incidents-db DIR|JDBC-URL where it recorded them)");
            return ExitCodes.USAGE;
        }
        Incident incident;
        String where;
        try (IncidentStore store = IncidentStore.at(location)) {
            where = store.describe();
            incident = Incidents.in(store).build().find(ref).orElseThrow(() -> new IncidentException(
                    IncidentException.Reason.NOT_FOUND, "no incident '" + ref + "' in " + store.describe()
                    + "; expected an incident id or SPEC/SLO (slo incidents list --incidents-db " + location
                    + " shows them)"));
        }
        Path historyDir = Path.of(args.value("history").orElse(MonitorCommand.DEFAULT_HISTORY));
        PostMortem draft;
        if (Files.isDirectory(historyDir)) {
            draft = PostMortem.draft(incident, SloHistory.in(historyDir));
        } else {
            draft = PostMortem.draft(incident, new HistoryReading(incident.header().specId(), Map.of(), Map.of(),
                    List.of()), historyDir + " (which does not exist)");
        }
        String text = format.equals("html") ? draft.html(zone) : draft.markdown(zone);
        if (args.has("out")) {
            Path file = Path.of(args.value("out").get());
            Console.write(file, text);
            console.err().println("slo: wrote the post-mortem draft of incident " + incident.id() + " (" + where
                    + ") to " + file);
        } else {
            console.out().print(text);
        }
        return ExitCodes.OK;
    }
}
