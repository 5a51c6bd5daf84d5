package io.smartspec.slo.spring.boot.actuate;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.monitor.SloMonitor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The health of an application's SLOs, free of any actuator type (Spring Boot 4 moved the health API;
 * only {@link SloHealthIndicator} knows it): {@link State#BREACHED} when a counted SLO is breached,
 * {@link State#UNKNOWN} before the first round or when a counted SLO has no data or could not be
 * evaluated (never counted as met), {@link State#UP} when every counted SLO is met.
 *
 * @param state   the verdict
 * @param details what the health endpoint shows: every SLO's status, the counted priorities, the breached SLOs
 * @since 0.1.0
 */
public record SloHealth(State state, Map<String, Object> details) {

    /** The verdict over the counted SLOs. */
    public enum State { UP, BREACHED, UNKNOWN }

    public SloHealth {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The health of the monitor's SLOs whose priority is in {@code counted}. */
    public static SloHealth of(SloMonitor monitor, Set<Priority> counted) {
        Set<Priority> priorities = counted.isEmpty() ? EnumSet.noneOf(Priority.class) : EnumSet.copyOf(counted);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("counted", new TreeSet<>(priorities).stream().map(Priority::name).toList());
        Optional<EvaluationRound> round = monitor.lastRound();
        if (round.isEmpty()) {
            details.put("detail", "the monitor has not evaluated the SLOs yet");
            return new SloHealth(State.UNKNOWN, details);
        }
        boolean qualify = monitor.sloSets().size() > 1;
        Map<String, String> statuses = new LinkedHashMap<>();
        List<String> breached = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (SloSet set : monitor.sloSets()) {
            for (Slo slo : set) {
                // a per-label SLO has a result per instance (checkout-errors{route="/pay"}), each its own entry
                List<SloResult> results = round.get().results().stream()
                        .filter(r -> r.specId().equals(set.name()) && r.slo().name().equals(slo.name())).toList();
                Map<String, Status> found = new LinkedHashMap<>();
                results.forEach(r -> found.put(r.name(), r.status()));
                if (found.isEmpty()) {
                    found.put(slo.name(), Status.NO_DATA);
                }
                found.forEach((name, status) -> {
                    String key = qualify ? set.name() + "/" + name : name;
                    statuses.put(key, status.name());
                    if (!priorities.contains(slo.priority())) {
                        return;
                    }
                    if (status.isBreach()) {
                        breached.add(key);
                    } else if (status.isUnknown()) {
                        unknown.add(key);
                    }
                });
            }
        }
        details.put("evaluatedAt", round.get().evaluatedAt().toString());
        details.put("slos", statuses);
        if (!breached.isEmpty()) {
            details.put("breached", breached);
        }
        if (!unknown.isEmpty()) {
            details.put("unknown", unknown);
        }
        State state = !breached.isEmpty() ? State.BREACHED : !unknown.isEmpty() ? State.UNKNOWN : State.UP;
        return new SloHealth(state, details);
    }
}
