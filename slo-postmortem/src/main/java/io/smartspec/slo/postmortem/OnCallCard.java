package io.smartspec.slo.postmortem;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Windows;
import io.smartspec.slo.config.MonitorSettings;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.evaluation.BurnRatePolicy;
import io.smartspec.slo.evaluation.EvaluationPolicy;
import io.smartspec.slo.incident.Receiver;
import io.smartspec.slo.incident.store.Escalation;
import io.smartspec.slo.postmortem.internal.Doc;
import io.smartspec.slo.postmortem.internal.HtmlWriter;
import io.smartspec.slo.postmortem.internal.MarkdownWriter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The on-call card of one service: a printable page (A4) with each SLO's objective and priority, what
 * pages and what opens a ticket (the burn-rate windows in plain words), its runbook, the receivers and
 * the escalation, and the commands an on-call engineer runs — with this spec's arguments.
 *
 * <pre>{@code
 * LoadedSpec spec = SpecLoader.load(specMd, observabilityYaml);
 * OnCallCard card = OnCallCard.of(spec, EvaluationPolicy.defaults(), "--spec-id checkout --specs-dir specs");
 * Files.writeString(Path.of("oncall.html"), OnCallCard.html(List.of(card)));
 * }</pre>
 *
 * @param specId    the service's spec id
 * @param provider  where the SLOs are evaluated ({@code prometheus}, {@code micrometer}, ...)
 * @param slos      one line per SLO, in the NFR table's order
 * @param receivers the receivers of {@code incident_response:}, or the reason one cannot be read
 * @param escalation how a breach is confirmed, repeated and escalated, in sentences
 * @param commands  the commands, with this spec's arguments
 * @since 0.1.0
 */
public record OnCallCard(String specId, String provider, List<SloLine> slos, List<String> receivers,
                         List<String> escalation, List<String> commands) {

    /**
     * One SLO on the card.
     *
     * @param name      the SLO's name
     * @param metric    its metric
     * @param objective its objective as written
     * @param priority  its priority
     * @param pages     when it pages, in plain words
     * @param ticket    when it opens a ticket, in plain words
     * @param runbook   its runbook (a link or text from the NFR table)
     * @param notifies  the names of the receivers its breaches go to
     */
    public record SloLine(String name, String metric, String objective, Priority priority, String pages,
                          String ticket, Optional<String> runbook, List<String> notifies) {
        public SloLine {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pages, "pages");
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(runbook, "runbook");
            notifies = List.copyOf(notifies);
        }
    }

    public OnCallCard {
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(provider, "provider");
        slos = List.copyOf(slos);
        receivers = List.copyOf(receivers);
        escalation = List.copyOf(escalation);
        commands = List.copyOf(commands);
    }

    /**
     * The card of a loaded spec under an evaluation policy (the monitor's is {@link EvaluationPolicy#defaults()});
     * {@code selection} is how the commands select the spec, e.g. {@code --spec-id checkout --specs-dir specs}.
     */
    public static OnCallCard of(io.smartspec.slo.spec.LoadedSpec spec, EvaluationPolicy policy, String selection) {
        return of(spec, policy, selection, java.time.Instant.now());
    }

    /**
     * The card as of {@code at}: a calendar window's burn factors follow the length of the period {@code at} falls
     * in (March in Berlin is 743 hours, so 2% of its budget in an hour is a 14.86x burn).
     */
    public static OnCallCard of(io.smartspec.slo.spec.LoadedSpec spec, EvaluationPolicy policy, String selection,
                                java.time.Instant at) {
        MonitorSettings monitor = spec.config().monitor();
        Duration breachFor = monitor.breachFor().orElse(Duration.ZERO);
        List<Receiver> receivers = new ArrayList<>();
        List<String> receiverLines = new ArrayList<>();
        for (ReceiverConfig c : spec.config().incidentResponse()) {
            try {
                Receiver r = Receiver.fromConfig(c);
                receivers.add(r);
                receiverLines.add(r.toString() + (r.type() == Receiver.Type.ALERTMANAGER
                        ? ", re-sent every " + Windows.format(r.resendInterval()) : ""));
            } catch (SloValidationException e) {
                receiverLines.add(c.type() + " at " + spec.config().file() + ":" + c.line()
                        + " cannot be read (" + e.problems().size() + " problem(s); slo validate lists them)");
            }
        }
        if (receiverLines.isEmpty()) {
            receiverLines.add("none: observability.yaml has no incident_response; breaches are recorded as incidents"
                    + " and notify no one");
        }
        List<SloLine> lines = new ArrayList<>();
        for (Slo slo : spec.slos()) {
            List<String> to = receivers.stream().filter(r -> r.accepts(slo.priority()))
                    .map(Receiver::name).toList();
            lines.add(new SloLine(slo.name(), slo.metric(), slo.objective().toString(), slo.priority(),
                    pages(slo, policy, breachFor, at), ticket(slo, policy, breachFor, at), slo.runbook(), to));
        }
        List<String> escalation = new ArrayList<>();
        escalation.add(breachFor.isZero() ? "A breach fires on the first breached round (breach_for is not set)."
                : "A breach fires when it has held for " + Windows.format(breachFor) + " (breach_for).");
        escalation.add(monitor.reminderEvery().map(d -> "While breached, a reminder goes to the same receivers every "
                + Windows.format(d) + " (reminder_every).").orElse("No reminders while breached (reminder_every is not set)."));
        escalation.add("Unacknowledged P0 incidents are escalated to PagerDuty by 'slo serve' when it runs with"
                + " $SLO_ESCALATION_ROUTING_KEY, after --escalate-after (default "
                + Windows.format(Escalation.DEFAULT_AFTER) + "); observability.yaml does not set it.");
        for (Priority p : Priority.values()) {
            boolean used = lines.stream().anyMatch(l -> l.priority() == p);
            if (used && p.pages() && receivers.stream().noneMatch(r -> r.accepts(p))) {
                escalation.add("**No receiver takes " + p + "**: its breaches are recorded as incidents and page no one.");
            }
        }
        String sel = selection.isBlank() ? "--spec-id " + spec.specId() : selection.trim();
        List<String> commands = new ArrayList<>(List.of(
                "slo monitor --run-once " + sel + "    # the SLOs now",
                "slo monitor --run-once --at 2026-01-31T09:30:00Z " + sel + "    # as they were then (prometheus, datadog)",
                "slo incidents list --spec " + spec.specId() + " --state open    # this service's open incidents",
                "slo incidents show " + spec.specId() + "/<slo>    # an SLO's latest incident, its timeline",
                "slo incidents ack <incident-id> --reason \"looking\"",
                "slo postmortem <incident-id> --format html --out postmortem.html    # the draft, after"));
        if ("micrometer".equals(spec.config().provider())) {
            commands.add(0, "# provider micrometer: the SLOs are evaluated inside the application; slo monitor"
                    + " cannot read its registry (see its slo endpoint)");
        }
        return new OnCallCard(spec.specId(), spec.config().provider(), lines, receiverLines, escalation, commands);
    }

    /** When a breach pages: the page alerts of the policy (ratio SLOs) or the objective (P0/P1 thresholds). */
    static String pages(Slo slo, EvaluationPolicy policy, Duration breachFor, java.time.Instant at) {
        if (!slo.hasErrorBudget()) {
            return slo.priority().pages() ? missed(slo, breachFor) : "never (" + slo.priority() + " opens a ticket)";
        }
        // a calendar period's burn factors follow its length; the card states them for the current one
        Duration period = slo.windowOrDefault().lengthAt(at);
        List<String> parts = burns(policy.burnRates(), BurnRatePolicy.Severity.PAGE, period, budget(slo, period));
        parts.add("the " + slo.windowOrDefault().describe() + " SLI falls below " + slo.objective().bound());
        return "pages when " + String.join(", or ", parts);
    }

    /** When it opens a ticket: the ticket alerts and the budget at risk (ratio), or the objective (P2/P3). */
    static String ticket(Slo slo, EvaluationPolicy policy, Duration breachFor, java.time.Instant at) {
        if (!slo.hasErrorBudget()) {
            String margin = "at risk within " + Quantity.formatNumber(policy.thresholdMargin() * 100)
                    + "% of the bound (shown, not sent)";
            return slo.priority().pages() ? margin : missed(slo, breachFor).replace("pages when", "opens a ticket when")
                    + "; " + margin;
        }
        Duration period = slo.windowOrDefault().lengthAt(at);
        List<String> parts = burns(policy.burnRates(), BurnRatePolicy.Severity.TICKET, period, budget(slo, period));
        parts.add("less than " + Quantity.formatNumber(policy.budgetAtRisk() * 100) + "% of it is left");
        return "opens a ticket when " + String.join(", or ", parts);
    }

    private static String missed(Slo slo, Duration breachFor) {
        return "pages when " + slo.metric() + " is not " + slo.objective()
                + (breachFor.isZero() ? " in a round" : " for " + Windows.format(breachFor));
    }

    /** {@code the 30-day budget}; a calendar window's: {@code the calendar month (Europe/Berlin) budget (743 hours this period)}. */
    private static String budget(Slo slo, Duration period) {
        return slo.windowOrDefault() instanceof io.smartspec.slo.SloWindow.Calendar calendar
                ? "the " + calendar.describe() + " budget (" + words(period, false) + " this period)"
                : "the " + words(period, true) + " budget";
    }

    private static List<String> burns(BurnRatePolicy policy, BurnRatePolicy.Severity severity, Duration period,
                                      String budget) {
        List<String> parts = new ArrayList<>();
        for (BurnRatePolicy.Alert a : policy.alerts()) {
            if (a.severity() != severity || a.longWindow().compareTo(period) > 0) {
                continue; // the evaluator and the generated rules skip windows longer than the period
            }
            // the first in full, the others as its alternatives: "..., or 5% within 6 hours (6x over 6h and 30m)"
            parts.add(Quantity.formatNumber(a.budgetPercent()) + "%" + (parts.isEmpty() ? " of " + budget + " burns" : "") + " within " + words(a.longWindow(), false) + " (" + Quantity.formatNumber(a.factor(period)) + "x over "
                    + Windows.format(a.longWindow()) + " and " + Windows.format(a.shortWindow()) + ")");
        }
        return parts;
    }

    /** {@code 1 hour}, {@code 6 hours}, {@code 3 days}; as an adjective {@code 30-day}. */
    static String words(Duration d, boolean adjective) {
        long s = d.getSeconds();
        long n;
        String unit;
        if (s % 86400 == 0) {
            n = s / 86400;
            unit = "day";
        } else if (s % 3600 == 0) {
            n = s / 3600;
            unit = "hour";
        } else if (s % 60 == 0) {
            n = s / 60;
            unit = "minute";
        } else {
            n = s;
            unit = "second";
        }
        return adjective ? n + "-" + unit : n + " " + unit + (n == 1 ? "" : "s");
    }

    /** The card as Markdown. */
    public String markdown() {
        return markdown(List.of(this));
    }

    /** The card as an HTML page, one A4 page when printed. */
    public String html() {
        return html(List.of(this));
    }

    /** Several services' cards in one Markdown document, separated by rules. */
    public static String markdown(List<OnCallCard> cards) {
        return MarkdownWriter.write(cards.stream().map(OnCallCard::doc).toList());
    }

    /** Several services' cards in one HTML page: one printed A4 page per service. */
    public static String html(List<OnCallCard> cards) {
        return HtmlWriter.write("On-call card: " + cards.stream().map(OnCallCard::specId)
                .collect(Collectors.joining(", ")), cards.stream().map(OnCallCard::doc).toList(), HtmlWriter.COMPACT_CSS);
    }

    private Doc doc() {
        List<List<String>> rows = new ArrayList<>();
        for (SloLine l : slos) {
            rows.add(List.of("**" + l.name() + "**", l.objective(), l.priority().name(), l.pages(), l.ticket(),
                    l.runbook().map(r -> r.startsWith("http://") || r.startsWith("https://") ? "<" + r + ">" : r)
                            .orElse("none in the NFR table")));
        }
        // who hears a breach, per priority of the card's SLOs (when there is anyone to hear it)
        List<String> heard = new ArrayList<>(receivers);
        if (slos.stream().anyMatch(l -> !l.notifies().isEmpty())) {
            java.util.Map<List<String>, List<String>> byReceivers = new java.util.LinkedHashMap<>();
            slos.stream().map(SloLine::priority).distinct().sorted().forEach(p -> byReceivers.computeIfAbsent(
                    slos.stream().filter(l -> l.priority() == p).findFirst().orElseThrow().notifies(),
                    k -> new ArrayList<>()).add(p.name()));
            byReceivers.forEach((names, priorities) -> heard.add("**" + String.join(", ", priorities)
                    + "** breaches go to " + (names.isEmpty() ? "no one" : String.join(", ", names))));
        }
        List<Doc.Section> sections = List.of(
                new Doc.Section("slos", "SLOs", false, List.of(new Doc.Table(List.of("SLO", "Objective", "Priority",
                        "Pages", "Opens a ticket", "Runbook"), rows))),
                new Doc.Section("receivers", "Receivers", false, List.of(new Doc.Bullets(heard))),
                new Doc.Section("escalation", "Escalation", false, List.of(new Doc.Bullets(escalation))),
                new Doc.Section("commands", "Commands", false, List.of(new Doc.Code(commands))));
        return new Doc("On-call card: " + specId, List.of("provider " + provider + " · " + slos.size() + " SLO"
                + (slos.size() == 1 ? "" : "s") + " · a page goes to the receivers of its priority; a ticket shows as"
                + " AT_RISK in slo monitor and as a severity=ticket alert of slo rules"), sections);
    }
}
