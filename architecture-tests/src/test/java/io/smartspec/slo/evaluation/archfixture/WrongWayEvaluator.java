package io.smartspec.slo.evaluation.archfixture;

import io.smartspec.slo.monitor.archfixture.FixtureMonitor;

/** A deliberate wrong-way dependency (evaluation -> monitor) that closes a cycle; LayeringRulesCatchTest only. */
public final class WrongWayEvaluator {

    public int rounds(FixtureMonitor monitor) {
        return monitor.rounds();
    }
}
