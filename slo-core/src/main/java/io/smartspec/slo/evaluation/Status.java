package io.smartspec.slo.evaluation;

/**
 * The outcome of evaluating one SLO.
 *
 * @since 0.1.0
 */
public enum Status {
    /** The objective is met with room to spare. */
    MET,
    /**
     * The objective is met but close to failing: a threshold within the at-risk margin of its bound
     * (default 10%), or a ratio SLO with less than the at-risk share of its error budget left (default
     * 25%) or burning it fast enough to open a ticket. See {@link EvaluationPolicy}.
     */
    AT_RISK,
    /** The objective is not met, or the error budget burns fast enough to page. */
    BREACHED,
    /** There was nothing to evaluate (no series, no events, NaN). Never counted as met. */
    NO_DATA,
    /** The SLO could not be evaluated (the query failed, the units do not compare). */
    ERROR;

    /** Whether this status is a problem someone should look at (BREACHED). */
    public boolean isBreach() {
        return this == BREACHED;
    }

    /** Whether the objective is known to hold (MET or AT_RISK). */
    public boolean isMet() {
        return this == MET || this == AT_RISK;
    }

    /** Whether the SLO could not be judged (NO_DATA or ERROR). */
    public boolean isUnknown() {
        return this == NO_DATA || this == ERROR;
    }
}
