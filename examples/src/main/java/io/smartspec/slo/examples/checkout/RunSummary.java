package io.smartspec.slo.examples.checkout;

import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;

import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.TimelineEntry;
import io.smartspec.slo.postmortem.PostMortem;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the monitor saw over the run, per SLO: the statuses it went through, breaches, worst value. */
public final class RunSummary {

    /** The history of one SLO over the run. */
    public static final class SloHistory {
        private final List<Status> transitions = new ArrayList<>();
        private int breaches;
        private SloResult worst;

        /** The statuses in the order they were entered, e.g. MET, BREACHED, MET. */
        public List<Status> transitions() {
            return List.copyOf(transitions);
        }

        public int breaches() {
            return breaches;
        }

        /** The result with the smallest margin (the most negative: the furthest outside the objective). */
        public Optional<SloResult> worst() {
            return Optional.ofNullable(worst);
        }
    }

    private final Map<String, SloHistory> slos = new LinkedHashMap<>();
    private long requests;
    private long failedRequests;
    private int incidents;
    private int rollbacks = -1;
    private Path incidentsDir;
    private Path historyDir;
    private List<Incident> recorded = List.of();
    private List<PostMortem> drafts = List.of();

    synchronized void record(EvaluationRound round) {
        for (SloResult r : round.results()) {
            SloHistory h = slos.computeIfAbsent(r.name(), n -> new SloHistory());
            Status last = h.transitions.isEmpty() ? null : h.transitions.get(h.transitions.size() - 1);
            if (last != r.status()) {
                h.transitions.add(r.status());
                if (r.status() == Status.BREACHED) {
                    h.breaches++;
                }
            }
            if (r.margin().isPresent() && (h.worst == null || h.worst.margin().isEmpty()
                    || r.margin().get().value() < h.worst.margin().get().value())) {
                h.worst = r;
            }
        }
    }

    /** {@code run}, {@code outcome}, {@code recovered}, {@code skip/cooldown}: the last part of a remediation entry's id. */
    private static String what(TimelineEntry e) {
        String id = e.id();
        int skip = id.lastIndexOf("/skip/");
        return skip >= 0 ? id.substring(skip + 1) : id.substring(id.lastIndexOf('/') + 1);
    }

    synchronized void requests(long sent, long failed) {
        this.requests = sent;
        this.failedRequests = failed;
    }

    synchronized void incidentsReceived(int count) {
        this.incidents = count;
    }

    synchronized void rollbacks(int count) {
        this.rollbacks = count;
    }

    /** The incidents recorded over the run; those in which a remediation action ran are drafted a post-mortem. */
    synchronized void incidents(Path dir, List<Incident> incidents, io.smartspec.slo.history.SloHistory history) {
        this.incidentsDir = dir;
        this.historyDir = history.directory();
        this.recorded = incidents.stream().sorted(Comparator.comparing(Incident::openedAt)).toList();
        this.drafts = recorded.stream().filter(RunSummary::actionRan).map(i -> PostMortem.draft(i, history)).toList();
    }

    /** Whether a remediation action ran (not a dry run, not a skip) in the incident. */
    static boolean actionRan(Incident incident) {
        return incident.timeline().stream().anyMatch(e -> e.kind() == TimelineEntry.Kind.REMEDIATION
                && e.id().endsWith("/run"));
    }

    /** How many times the service's rollback endpoint was called; -1 when not counted. */
    public synchronized int rollbacks() {
        return rollbacks;
    }

    /** The incidents recorded over the run, oldest first. */
    public synchronized List<Incident> recordedIncidents() {
        return recorded;
    }

    /** The post-mortem drafts of the incidents in which an action ran. */
    public synchronized List<PostMortem> postMortems() {
        return drafts;
    }

    public synchronized Map<String, SloHistory> slos() {
        return Map.copyOf(slos);
    }

    public synchronized int incidentsReceived() {
        return incidents;
    }

    public synchronized String render() {
        StringBuilder s = new StringBuilder("\nSummary: ").append(requests).append(" requests (")
                .append(failedRequests).append(" failed), ").append(incidents)
                .append(" incident notifications received\n");
        slos.forEach((name, h) -> s.append(String.format("  %-22s %-28s breaches: %d   worst: %s%n", name,
                String.join(" -> ", h.transitions.stream().map(Status::name).toList()), h.breaches,
                h.worst().flatMap(SloResult::observed).map(Quantity::toString).orElse("-"))));
        if (rollbacks >= 0) {
            s.append("  rollbacks through POST ").append(CheckoutService.ROLLBACK_PATH).append(": ").append(rollbacks)
                    .append('\n');
        }
        if (incidentsDir == null) {
            return s.toString();
        }
        s.append("\nIncidents recorded in ").append(incidentsDir).append(":\n");
        for (Incident i : recorded) {
            s.append(String.format("  %s  %-30s %s%n", i.id(), i.key(), i.timeline().stream()
                    .filter(e -> e.kind() != TimelineEntry.Kind.DELIVERY)
                    .map(e -> e.kind() == TimelineEntry.Kind.REMEDIATION ? "remediation " + what(e) : e.kind().id())
                    .collect(Collectors.joining(" -> "))));
        }
        ZoneId zone = ZoneId.systemDefault();
        for (PostMortem pm : drafts) {
            s.append("\nThe post-mortem draft of incident ").append(pm.incident().id()).append(" (also: slo postmortem ")
                    .append(pm.incident().id()).append(" --incidents-db ").append(incidentsDir).append(" --history ")
                    .append(historyDir).append(" --format html):\n\n").append(pm.markdown(zone));
        }
        return s.toString();
    }
}
