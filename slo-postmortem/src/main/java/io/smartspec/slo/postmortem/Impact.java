package io.smartspec.slo.postmortem;

import io.smartspec.slo.incident.store.SloSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the incident cost, from its record.
 *
 * @param breachStarted    the first bad round: when the breach that opened the incident started
 * @param recovered        when the SLO last recovered (not recorded while it is still breached)
 * @param duration         from {@code breachStarted} to {@code recovered}
 * @param breaches         how many breaches the incident holds (more than one when it was reopened)
 * @param worst            the SLO's worst value during the incident
 * @param budgetBurned     the share of the error budget burned during the incident (0.125 is 12.5%)
 * @param budgetLeft       the share of the error budget left for the SLO's period at its end
 * @param period           the SLO's rolling window, over which the budget is counted
 * @param requestsAffected the events (requests) that went bad during the incident (ratio SLOs)
 * @since 0.1.0
 */
public record Impact(Instant breachStarted, Figure<Instant> recovered, Figure<Duration> duration, int breaches,
                     Figure<SloSnapshot> worst, Figure<Double> budgetBurned, Figure<Double> budgetLeft,
                     Figure<Duration> period, Figure<RequestsAffected> requestsAffected) {
    public Impact {
        Objects.requireNonNull(breachStarted, "breachStarted");
        Objects.requireNonNull(recovered, "recovered");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(worst, "worst");
        Objects.requireNonNull(budgetBurned, "budgetBurned");
        Objects.requireNonNull(budgetLeft, "budgetLeft");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(requestsAffected, "requestsAffected");
    }
}
