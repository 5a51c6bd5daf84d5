package io.smartspec.slo.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of evaluating a set of SLOs once.
 *
 * @param evaluatedAt the instant evaluated
 * @param results     one result per SLO, in definition order
 * @param duration    how long the round took
 * @since 0.1.0
 */
public record EvaluationRound(Instant evaluatedAt, List<SloResult> results, Duration duration) {

    public EvaluationRound {
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        results = List.copyOf(results);
        Objects.requireNonNull(duration, "duration");
    }

    public List<SloResult> breaches() {
        return results.stream().filter(r -> r.status() == Status.BREACHED).toList();
    }

    public boolean hasBreaches() {
        return results.stream().anyMatch(r -> r.status() == Status.BREACHED);
    }

    /** Whether some SLO could not be evaluated (NO_DATA or ERROR). */
    public boolean hasUnknowns() {
        return results.stream().anyMatch(r -> r.status().isUnknown());
    }

    public Optional<SloResult> result(String sloName) {
        return results.stream().filter(r -> r.name().equals(sloName)).findFirst();
    }

    /** How many SLOs ended in each status. */
    public Map<Status, Long> countByStatus() {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0L);
        }
        results.forEach(r -> counts.merge(r.status(), 1L, Long::sum));
        return counts;
    }
}
