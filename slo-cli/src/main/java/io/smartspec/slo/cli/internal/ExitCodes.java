package io.smartspec.slo.cli.internal;

import io.smartspec.slo.evaluation.EvaluationRound;

/** The exit codes of {@code slo} (re-exported by {@code SloCli}). */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int BREACHED = 1;
    public static final int USAGE = 2;
    public static final int UNKNOWN = 3;

    private ExitCodes() {
    }

    /** 1 with a breach; else 3 when an SLO could not be evaluated or built; else 0. */
    public static int of(EvaluationRound round, boolean someSlosMissing) {
        if (round.hasBreaches()) {
            return BREACHED;
        }
        return round.hasUnknowns() || someSlosMissing ? UNKNOWN : OK;
    }
}
