package io.smartspec.slo.examples.checkout;

import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    synchronized void requests(long sent, long failed) {
        this.requests = sent;
        this.failedRequests = failed;
    }

    synchronized void incidentsReceived(int count) {
        this.incidents = count;
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
        return s.toString();
    }
}
