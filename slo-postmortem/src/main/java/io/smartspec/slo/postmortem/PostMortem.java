package io.smartspec.slo.postmortem;

import io.smartspec.slo.history.HistoryReading;
import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.history.SloInfo;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.SloSnapshot;
import io.smartspec.slo.incident.store.TimelineEntry;
import io.smartspec.slo.postmortem.internal.HtmlWriter;
import io.smartspec.slo.postmortem.internal.MarkdownWriter;
import io.smartspec.slo.postmortem.internal.PostMortemDoc;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The draft of a blameless post-mortem of one incident: its summary, impact, detection, timeline,
 * remediation and the SLO's chart over it, all drawn from the incident record and the history, and the
 * sections a human must write (root cause, lessons, action items), marked as such. A figure the records
 * do not hold is a {@link Figure.NotRecorded} with the reason, never a guess.
 *
 * <pre>{@code
 * Incident incident = incidents.find("3f2a9c0d11b4").orElseThrow();
 * PostMortem draft = PostMortem.draft(incident, SloHistory.in(Path.of(".slo/history")));
 * Files.writeString(Path.of("postmortem.html"), draft.html(ZoneId.of("Europe/Berlin")));
 * }</pre>
 *
 * @param incident    the incident, as recorded
 * @param slo         the SLO as the history describes it (empty when the history holds no round of it)
 * @param impact      duration, budget burned and left, requests affected
 * @param detection   per receiver, how long it took to hear of the breach
 * @param remediation the remediation entries of the timeline and what followed each
 * @param chartFrom   the start of the chart's span
 * @param chartTo     the end of the chart's span
 * @param samples     the SLO's rounds (or summaries) in the history over the chart's span
 * @param historyNote why the chart is empty, or the history's warnings; empty when all is well
 * @since 0.1.0
 */
public record PostMortem(Incident incident, Optional<SloInfo> slo, Impact impact, List<Detection> detection,
                         List<RemediationStep> remediation, Instant chartFrom, Instant chartTo,
                         List<HistorySample> samples, String historyNote) {

    /** The chart shows at least this much before the breach and after the recovery. */
    public static final Duration MINIMUM_MARGIN = Duration.ofMinutes(10);

    public PostMortem {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(impact, "impact");
        detection = List.copyOf(detection);
        remediation = List.copyOf(remediation);
        Objects.requireNonNull(chartFrom, "chartFrom");
        Objects.requireNonNull(chartTo, "chartTo");
        samples = List.copyOf(samples);
        Objects.requireNonNull(historyNote, "historyNote");
    }

    /** The draft of an incident, with the SLO's rounds read from {@code history} over {@link #chartSpan}. */
    public static PostMortem draft(Incident incident, SloHistory history) {
        Instant[] span = chartSpan(incident);
        return draft(incident, history.read(incident.header().specId(), span[0], span[1]), history.directory().toString());
    }

    /**
     * The draft of an incident with the rounds of a history already read (any span; the chart shows
     * {@link #chartSpan}). {@code where} names the history in a note when it holds no round of the SLO.
     */
    public static PostMortem draft(Incident incident, HistoryReading history, String where) {
        Instant[] span = chartSpan(incident);
        String sloName = incident.header().sloName();
        Optional<SloInfo> info = Optional.ofNullable(history.slos().get(sloName));
        List<HistorySample> samples = history.samples(sloName).stream()
                .filter(s -> !s.to().isBefore(span[0]) && s.from().isBefore(span[1])).toList();
        String note;
        if (samples.isEmpty()) {
            note = "the history in " + where + " holds no round of " + incident.key() + " over the chart's span"
                    + " (the history is recorded by 'slo monitor --daemon' or SloHistory)";
        } else {
            note = String.join("; ", history.warnings());
        }
        return new PostMortem(incident, info, impact(incident, info), detection(incident), remediation(incident),
                span[0], span[1], samples, note);
    }

    /**
     * The span of the chart: from the breach's start to its last recovery (or the last entry while it is
     * breached), with a margin of a quarter of that on either side, at least {@link #MINIMUM_MARGIN}.
     */
    public static Instant[] chartSpan(Incident incident) {
        Instant from = incident.openedAt();
        Instant to = incident.recoveredAt().orElse(incident.updatedAt());
        if (to.isBefore(from)) {
            to = from;
        }
        Duration margin = Duration.between(from, to).dividedBy(4);
        if (margin.compareTo(MINIMUM_MARGIN) < 0) {
            margin = MINIMUM_MARGIN;
        }
        return new Instant[] {from.minus(margin), to.plus(margin)};
    }

    /** The draft as Markdown, times in {@code zone}. */
    public String markdown(ZoneId zone) {
        return MarkdownWriter.write(List.of(PostMortemDoc.of(this, zone)));
    }

    /** The draft as a self-contained HTML page (inline SVG chart, printable on A4), times in {@code zone}. */
    public String html(ZoneId zone) {
        return HtmlWriter.write("Post-mortem draft: incident " + incident.id(), List.of(PostMortemDoc.of(this, zone)), "");
    }

    /** The timeline entries of remediation: every kind whose name starts with {@code REMEDIATION}. */
    public static boolean isRemediation(TimelineEntry entry) {
        return entry.kind().name().startsWith("REMEDIATION");
    }

    // ----- the figures ---------------------------------------------------------------------------

    private static Impact impact(Incident incident, Optional<SloInfo> info) {
        Instant start = incident.openedAt();
        Figure<Instant> recovered = incident.recoveredAt().<Figure<Instant>>map(Figure::of)
                .orElseGet(() -> Figure.notRecorded("the SLO was still breached at the incident's last entry"));
        Figure<Duration> duration = recovered.map(r -> Duration.between(start, r));
        if (duration instanceof Figure.NotRecorded<Duration>) {
            duration = Figure.notRecorded("the SLO has not recovered; breached for at least "
                    + io.smartspec.slo.postmortem.internal.Format.duration(Duration.between(start, incident.updatedAt())) + " by the last entry");
        }
        int breaches = (int) incident.timeline().stream().filter(e -> e.kind() == TimelineEntry.Kind.BREACH).count();
        Figure<SloSnapshot> worst = incident.worst().filter(w -> w.value().isPresent())
                .<Figure<SloSnapshot>>map(Figure::of)
                .orElseGet(() -> Figure.notRecorded(incident.worst().map(w -> "no round of the incident had a value ("
                        + w.status() + ": " + w.text() + ")").orElse("no entry of the incident carries the SLO's value"
                        + " (it was opened from an alert, which carries only text)")));
        boolean ratio = info.map(SloInfo::ratio).orElse(incident.atOpen().flatMap(s -> box(s.budgetRemaining()))
                .isPresent());
        Figure<Double> burned;
        Figure<Double> left;
        if (incident.budgetBurned().isPresent()) {
            burned = Figure.of(incident.budgetBurned().getAsDouble());
            SloSnapshot end = incident.breaching() ? incident.latest().orElseThrow()
                    : incident.atRecovery().or(incident::latest).orElseThrow();
            left = Figure.of(end.budgetRemaining().getAsDouble());
        } else {
            String why = !ratio && info.isPresent()
                    ? "a threshold SLO (" + info.get().objective() + ") has no error budget"
                    : "the incident's entries carry no error budget (a threshold SLO has none; an alert carries only text)";
            burned = Figure.notRecorded(why);
            left = Figure.notRecorded(why);
        }
        // a calendar period's length is that of the period the incident opened in
        Figure<Duration> period = info.flatMap(SloInfo::window).map(w -> w.lengthAt(start))
                .<Figure<Duration>>map(Figure::of)
                .orElseGet(() -> Figure.notRecorded(info.isEmpty() ? "the history holds no description of the SLO"
                        : "a threshold SLO has no budget period"));
        Figure<RequestsAffected> requests = ratio ? requestsAffected(incident)
                : Figure.notRecorded("the SLO measures a threshold, not events");
        return new Impact(start, recovered, duration, breaches, worst, burned, left, period, requests);
    }

    /**
     * The bad events the window gained from the breach (the first entry with counts) to the recovery (or
     * the last entry with counts while breached): the difference of the window's counts.
     */
    private static Figure<RequestsAffected> requestsAffected(Incident incident) {
        Optional<SloSnapshot> first = incident.atOpen().filter(s -> s.events().isPresent());
        Optional<SloSnapshot> last = (incident.breaching() ? incident.latest() : incident.atRecovery().or(incident::latest))
                .filter(s -> s.events().isPresent());
        if (first.isEmpty() || last.isEmpty()) {
            return Figure.notRecorded("the incident's entries carry no event counts (an incident opened from an alert"
                    + " carries only text; entries recorded before the counts were kept have none); read them from the"
                    + " metric source over the incident's span");
        }
        SloSnapshot.Events from = first.get().events().orElseThrow();
        SloSnapshot.Events to = last.get().events().orElseThrow();
        if (to.total() < from.total() || to.bad() < from.bad()) {
            return Figure.notRecorded("the window's counts fell during the incident (bad " + count(from.bad()) + " -> "
                    + count(to.bad()) + ", all " + count(from.total()) + " -> " + count(to.total()) + "): events left"
                    + " the SLO's window, or the counters were reset (a restart)");
        }
        return Figure.of(new RequestsAffected(Math.round(to.bad() - from.bad()), first.get().at(), from.bad(),
                last.get().at(), to.bad(), Math.round(to.total() - from.total())));
    }

    private static String count(double n) {
        return io.smartspec.slo.Quantity.formatNumber(n);
    }

    private static Optional<Double> box(java.util.OptionalDouble d) {
        return d.isPresent() ? Optional.of(d.getAsDouble()) : Optional.empty();
    }

    /**
     * Per receiver, in order of first attempt: the attempts to deliver a breach up to the first
     * accepted, measured from the first bad round.
     */
    private static List<Detection> detection(Incident incident) {
        Map<String, List<TimelineEntry>> byReceiver = new LinkedHashMap<>();
        for (TimelineEntry e : incident.timeline()) {
            if (e.kind() == TimelineEntry.Kind.DELIVERY && e.delivery().isPresent()
                    && e.delivery().get().eventKind().equals("breach")) {
                byReceiver.computeIfAbsent(e.delivery().get().receiver(), k -> new ArrayList<>()).add(e);
            }
        }
        List<Detection> result = new ArrayList<>();
        byReceiver.forEach((receiver, entries) -> {
            List<TimelineEntry> sorted = entries.stream()
                    .sorted(java.util.Comparator.comparing(TimelineEntry::at)).toList();
            int attempts = 0;
            TimelineEntry last = null;
            Instant delivered = null;
            for (TimelineEntry e : sorted) {
                attempts++;
                last = e;
                if (e.delivery().get().outcome().equals("accepted")) {
                    delivered = e.at();
                    break;
                }
            }
            TimelineEntry.Delivery d = last.delivery().get();
            String outcome = d.outcome() + (d.error().isEmpty() ? "" : " (" + d.error() + ")");
            Figure<Instant> at = delivered != null ? Figure.of(delivered)
                    : Figure.notRecorded("no attempt was accepted; the last was " + outcome);
            Figure<Duration> time = at.map(t -> Duration.between(incident.openedAt(), t));
            result.add(new Detection(receiver, d.type(), sorted.get(0).at(), at, time, attempts, outcome));
        });
        return result;
    }

    private static List<RemediationStep> remediation(Incident incident) {
        List<RemediationStep> steps = new ArrayList<>();
        List<TimelineEntry> timeline = incident.timeline();
        for (int i = 0; i < timeline.size(); i++) {
            TimelineEntry e = timeline.get(i);
            if (!isRemediation(e)) {
                continue;
            }
            Figure<Instant> next = Figure.notRecorded("no recovery of the SLO was recorded after it");
            Instant first = null;
            for (TimelineEntry later : timeline) {
                if (later.kind() == TimelineEntry.Kind.RECOVERY && !later.at().isBefore(e.at())
                        && (first == null || later.at().isBefore(first))) {
                    first = later.at();
                }
            }
            if (first != null) {
                next = Figure.of(first);
            }
            steps.add(new RemediationStep(e, next));
        }
        return steps;
    }
}
