package io.smartspec.slo.history;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;

import java.time.Instant;
import java.util.Objects;

/**
 * What the history knows about one SLO over one stretch of time: a single round ({@code from == to})
 * or a summary of the rounds of an interval after compaction ({@code [from, to)}). Observed values are
 * in the unit of the SLO's objective (percent for ratio SLOs).
 *
 * @param slo             the SLO's name
 * @param from            the round's instant, or the start of the summarised interval
 * @param to              the round's instant, or the end (exclusive) of the summarised interval
 * @param met             rounds that ended MET
 * @param atRisk          rounds that ended AT_RISK
 * @param breached        rounds that ended BREACHED
 * @param noData          rounds that ended NO_DATA
 * @param error           rounds that ended ERROR
 * @param min             the smallest observed value, NaN when no round had one
 * @param max             the largest observed value, NaN when no round had one
 * @param sum             the sum of the observed values (for the mean)
 * @param values          how many rounds had an observed value
 * @param last            the last observed value, NaN when none
 * @param budgetRemaining the share of the error budget left after the last round (ratio SLOs), NaN when none
 * @since 0.1.0
 */
public record HistorySample(String slo, Instant from, Instant to, int met, int atRisk, int breached, int noData,
                            int error, double min, double max, double sum, int values, double last,
                            double budgetRemaining) {

    public HistorySample {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("sample of '" + slo + "' ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** One round of one SLO. */
    public static HistorySample of(SloResult result) {
        double value = Double.NaN;
        if (result.observed().isPresent()) {
            Quantity observed = result.observed().get();
            Quantity bound = result.objective().bound();
            value = observed.isComparableWith(bound) ? observed.to(bound.unit()).value() : observed.value();
        }
        double budget = result.errorBudget().map(b -> b.remaining()).orElse(Double.NaN);
        return round(result.name(), result.evaluatedAt(), result.status(), value, budget);
    }

    /** One round: a status, the observed value (NaN when none) and the budget left (NaN when none). */
    public static HistorySample round(String slo, Instant at, Status status, double value, double budgetRemaining) {
        boolean has = !Double.isNaN(value);
        return new HistorySample(slo, at, at, status == Status.MET ? 1 : 0, status == Status.AT_RISK ? 1 : 0,
                status == Status.BREACHED ? 1 : 0, status == Status.NO_DATA ? 1 : 0, status == Status.ERROR ? 1 : 0,
                value, value, has ? value : 0, has ? 1 : 0, value, budgetRemaining);
    }

    /** Whether this is a single round rather than a summary. */
    public boolean isRound() {
        return from.equals(to);
    }

    /** The status of a single round (for summaries: the worst status that occurred). */
    public Status status() {
        if (breached > 0) {
            return Status.BREACHED;
        }
        if (atRisk > 0) {
            return Status.AT_RISK;
        }
        if (met > 0) {
            return Status.MET;
        }
        return error > 0 ? Status.ERROR : Status.NO_DATA;
    }

    public int rounds() {
        return met + atRisk + breached + noData + error;
    }

    /** Rounds that could judge the SLO: MET, AT_RISK or BREACHED. */
    public int judged() {
        return met + atRisk + breached;
    }

    /** Rounds within the SLO: MET or AT_RISK. */
    public int within() {
        return met + atRisk;
    }

    /** Rounds that could not judge the SLO: NO_DATA or ERROR. */
    public int unknown() {
        return noData + error;
    }

    /** The mean observed value, NaN when none. */
    public double mean() {
        return values == 0 ? Double.NaN : sum / values;
    }

    /** The worst observed value for an objective where lower (or higher) is better; NaN when none. */
    public double worst(boolean lowerIsBetter) {
        return lowerIsBetter ? max : min;
    }

    /** This sample and a later one as one summary over {@code [from, to)}. */
    public HistorySample merge(HistorySample later, Instant from, Instant to) {
        return new HistorySample(slo, from, to, met + later.met, atRisk + later.atRisk, breached + later.breached,
                noData + later.noData, error + later.error, nanMin(min, later.min), nanMax(max, later.max),
                sum + later.sum, values + later.values, Double.isNaN(later.last) ? last : later.last,
                Double.isNaN(later.budgetRemaining) ? budgetRemaining : later.budgetRemaining);
    }

    private static double nanMin(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double nanMax(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
