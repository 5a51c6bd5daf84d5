package io.smartspec.slo.postmortem.internal;

import io.smartspec.slo.history.SloInfo;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.TimelineEntry;
import io.smartspec.slo.postmortem.Detection;
import io.smartspec.slo.postmortem.Figure;
import io.smartspec.slo.postmortem.Impact;
import io.smartspec.slo.postmortem.PostMortem;
import io.smartspec.slo.postmortem.RemediationStep;
import io.smartspec.slo.postmortem.RequestsAffected;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The blameless template, filled from a {@link PostMortem}'s figures. */
public final class PostMortemDoc {

    private PostMortemDoc() {
    }

    public static Doc of(PostMortem pm, ZoneId zone) {
        Incident incident = pm.incident();
        Impact impact = pm.impact();
        List<String> subtitle = List.of(
                "Incident " + incident.id() + " · " + incident.key() + " · " + incident.priority() + " · "
                        + incident.state().id(),
                "A blameless post-mortem draft, drawn from the incident record and the SLO history. Times in "
                        + Format.zone(zone, incident.openedAt()) + ".");
        List<Doc.Section> sections = new ArrayList<>();
        sections.add(new Doc.Section("summary", "Summary", false, List.of(new Doc.Para(summary(pm, zone)))));
        sections.add(new Doc.Section("impact", "Impact", false, List.of(impactTable(pm, zone))));
        sections.add(new Doc.Section("detection", "Detection", false, detection(pm, zone)));
        sections.add(new Doc.Section("timeline", "Timeline", false, List.of(timeline(incident, zone))));
        sections.add(new Doc.Section("remediation", "Remediation actions and their effect", false,
                remediation(pm, zone)));
        sections.add(new Doc.Section("chart", "The SLO over the incident", false, chart(pm, zone)));
        sections.add(human("root-cause", "Root cause", "What made the SLO miss its objective, and why the system"
                + " allowed it. Describe the system and the conditions, not a person's mistake."));
        sections.add(human("lessons", "Lessons learned", "What went well, what went wrong, where we were lucky."));
        sections.add(human("action-items", "Action items", "Each with an owner, a tracker link and a due date:"
                + " what prevents a recurrence, what detects it sooner, what shortens the repair."));
        return new Doc("Post-mortem draft: " + incident.key(), subtitle, sections);
    }

    private static Doc.Section human(String id, String title, String prompt) {
        return new Doc.Section(id, title, true, List.of(new Doc.Para("Not drafted: the records cannot say this. "
                + prompt)));
    }

    private static String summary(PostMortem pm, ZoneId zone) {
        Incident i = pm.incident();
        Impact im = pm.impact();
        String objective = !i.header().objective().isEmpty() ? i.header().objective()
                : pm.slo().map(s -> s.objective().toString()).orElse("its objective");
        StringBuilder b = new StringBuilder();
        b.append("The ").append(i.priority()).append(" SLO **").append(i.key()).append("** (objective ")
                .append(objective).append(") was breached from ").append(Format.time(im.breachStarted(), zone));
        if (im.recovered() instanceof Figure.Recorded<Instant> r) {
            b.append(" until ").append(Format.time(r.value(), zone)).append(" (")
                    .append(Format.duration(im.duration().recorded().orElseThrow())).append(")");
        } else {
            b.append(" and had not recovered by the last entry (").append(Format.time(i.updatedAt(), zone)).append(")");
        }
        b.append(im.breaches() > 1 ? ", in " + im.breaches() + " breaches" : "").append(". ");
        i.atOpen().filter(s -> !s.status().equals("BREACHED")).ifPresent(s -> b.append("It opened on a round whose"
                + " status was ").append(s.status()).append(" (").append(s.text()).append("), not a measured breach. "));
        im.worst().recorded().ifPresent(w -> b.append("Worst value: ").append(w.text()).append(" at ")
                .append(Format.time(w.at(), zone)).append(". "));
        im.budgetBurned().recorded().ifPresent(burned -> b.append(Format.percent(burned)).append(" of the")
                .append(im.period().recorded().map(p -> " " + io.smartspec.slo.Windows.format(p)).orElse(""))
                .append(" error budget")
                .append(" burned during it; ").append(Format.percent(im.budgetLeft().recorded().orElseThrow()))
                .append(" left. "));
        im.requestsAffected().recorded().ifPresent(r -> b.append(r.count()).append(" requests went bad between ")
                .append(Format.time(r.start(), zone)).append(" and ").append(Format.time(r.end(), zone))
                .append(" (the SLO's event counts). "));
        pm.detection().stream().filter(d -> d.timeToAlert().recorded().isPresent())
                .min(Comparator.comparing(d -> d.timeToAlert().recorded().get()))
                .ifPresentOrElse(d -> b.append("The first alert reached ").append(d.type()).append(" '")
                        .append(d.receiver()).append("' ").append(Format.duration(d.timeToAlert().recorded().get()))
                        .append(" after the first bad round. "),
                        () -> b.append("No delivery of the breach to a receiver was recorded as accepted. "));
        b.append(switch (i.state()) {
            case OPEN -> "The incident is open.";
            case ACKNOWLEDGED -> "The incident was acknowledged " + i.acknowledged().map(c -> "by " + c.by() + " at "
                    + Format.time(c.at(), zone)).orElse("") + " and is not resolved.";
            case RESOLVED -> "The incident was resolved " + i.resolved().map(c -> "by " + c.by() + " at "
                    + Format.time(c.at(), zone) + (c.why().isEmpty() ? "" : " (" + c.why() + ")")).orElse("") + ".";
        });
        return b.toString();
    }

    private static Doc.Table impactTable(PostMortem pm, ZoneId zone) {
        Impact im = pm.impact();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Breach started (first bad round)", Format.time(im.breachStarted(), zone)));
        rows.add(List.of("Recovered", im.recovered().text(t -> Format.time(t, zone))));
        rows.add(List.of("Duration", im.duration().text(Format::duration)));
        rows.add(List.of("Breaches in this incident", Integer.toString(im.breaches())));
        rows.add(List.of("Worst value", im.worst().text(w -> w.text() + " at " + Format.time(w.at(), zone))));
        rows.add(List.of("Error budget burned during the incident", im.budgetBurned().text(Format::percent)));
        rows.add(List.of("Error budget left for the period" + im.period().recorded()
                .map(p -> " (" + io.smartspec.slo.Windows.format(p) + ")").orElse(""), im.budgetLeft().text(Format::percent)));
        rows.add(List.of("Requests affected", im.requestsAffected().text(r -> requests(r, im, zone))));
        return new Doc.Table(List.of("Figure", "Value"), rows);
    }

    /** The count and how it was computed, from what. */
    private static String requests(RequestsAffected r, Impact im, ZoneId zone) {
        String window = im.period().recorded().map(p -> " " + io.smartspec.slo.Windows.format(p)).orElse("");
        return r.count() + " bad events" + (r.events() > 0 ? " of " + r.events() + " in that time" : "")
                + ": the SLO's" + window + " window held " + number(r.badAtEnd()) + " bad events at "
                + Format.time(r.end(), zone) + (im.recovered().recorded().isPresent() ? " (the recovery)" : " (the last entry)")
                + " and " + number(r.badAtStart()) + " at " + Format.time(r.start(), zone) + " (the breach was recorded);"
                + " bad events before the breach was recorded, and any that left the window meanwhile, are not counted";
    }

    private static String number(double n) {
        return io.smartspec.slo.Quantity.formatNumber(n);
    }

    private static List<Doc.Block> detection(PostMortem pm, ZoneId zone) {
        List<Doc.Block> blocks = new ArrayList<>();
        blocks.add(new Doc.Para("Measured from the first bad round (" + Format.time(pm.impact().breachStarted(), zone)
                + ") to the first accepted delivery of the breach to each receiver."));
        if (pm.detection().isEmpty()) {
            blocks.add(new Doc.Para("Not recorded: the timeline holds no delivery attempt of the breach (no receiver"
                    + " was configured for " + pm.incident().priority() + ", or the incident was opened from an alert)."));
            return blocks;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Detection d : pm.detection()) {
            rows.add(List.of(d.type() + " '" + d.receiver() + "'", Format.time(d.firstAttempt(), zone),
                    d.delivered().text(t -> Format.time(t, zone)), Integer.toString(d.attempts()),
                    d.timeToAlert().text(Format::duration)));
        }
        blocks.add(new Doc.Table(List.of("Receiver", "First attempt", "Delivered", "Attempts", "Time to alert"), rows));
        return blocks;
    }

    private static Doc.Table timeline(Incident incident, ZoneId zone) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(Format.time(incident.openedAt(), zone), "first bad round", "slo-monitor",
                "the SLO's first round of the breach (the incident's start)"));
        incident.timeline().stream().sorted(Comparator.comparing(TimelineEntry::at)).forEach(e -> rows.add(List.of(
                Format.time(e.at(), zone), e.kind().id(), e.actor(), e.text())));
        return new Doc.Table(List.of("Time", "What", "Who", "Detail"), rows);
    }

    private static List<Doc.Block> remediation(PostMortem pm, ZoneId zone) {
        if (pm.remediation().isEmpty()) {
            return List.of(new Doc.Para("None recorded: the timeline holds no remediation entry (no action is"
                    + " configured for this SLO, or none ran)."));
        }
        List<List<String>> rows = new ArrayList<>();
        for (RemediationStep s : pm.remediation()) {
            String effect = s.nextRecovery().text(t -> "the SLO recovered at " + Format.time(t, zone) + ", "
                    + Format.duration(Duration.between(s.entry().at(), t)) + " later");
            rows.add(List.of(Format.time(s.entry().at(), zone), s.entry().kind().id(), s.entry().actor(),
                    s.entry().text(), effect));
        }
        return List.of(new Doc.Table(List.of("Time", "What", "Who", "Outcome", "What followed"), rows),
                new Doc.Para("What followed is what the record shows next, not a proof that the action caused it."));
    }

    private static List<Doc.Block> chart(PostMortem pm, ZoneId zone) {
        String span = Format.time(pm.chartFrom(), zone) + " to " + Format.time(pm.chartTo(), zone);
        if (pm.samples().isEmpty()) {
            return List.of(new Doc.Para("Not recorded: " + pm.historyNote() + ", " + span + "."));
        }
        List<Doc.Block> blocks = new ArrayList<>();
        int rounds = pm.samples().stream().mapToInt(s -> s.rounds()).sum();
        int breached = pm.samples().stream().mapToInt(s -> s.breached()).sum();
        String unit = pm.slo().map(SloInfo::objective).map(o -> o.bound().unit().toString()).orElse("");
        String alt = "The chart is in the HTML draft (--format html).";
        blocks.add(new Doc.Svg(SvgChart.render(pm, zone), alt));
        blocks.add(new Doc.Para(rounds + " rounds in the history from " + span + ", " + breached + " of them breached. The line is each round's"
                + " value" + (unit.isEmpty() ? "" : " (" + unit + ")") + "; the dashed line the objective; the shaded band"
                + " the incident; red points breached rounds" + (pm.remediation().isEmpty() ? "" : "; the blue marks"
                + " remediation entries") + "."));
        if (!pm.historyNote().isEmpty()) {
            blocks.add(new Doc.Para("History warnings: " + pm.historyNote()));
        }
        return blocks;
    }
}
