package io.smartspec.slo.monitor.archfixture;

import io.smartspec.slo.evaluation.archfixture.WrongWayEvaluator;

/** The monitor side of the deliberate cycle; LayeringRulesCatchTest only. */
public final class FixtureMonitor {

    private final WrongWayEvaluator evaluator = new WrongWayEvaluator();

    public int rounds() {
        return evaluator.hashCode() > 0 ? 1 : 0;
    }
}
