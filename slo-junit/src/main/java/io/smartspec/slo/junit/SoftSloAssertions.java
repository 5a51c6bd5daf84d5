package io.smartspec.slo.junit;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.SloSet;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Soft SLO assertions: every failure is collected and reported at once by {@link #assertAll()}.
 * Also usable with AssertJ's {@code SoftAssertionsExtension}.
 *
 * @since 0.1.0
 */
public class SoftSloAssertions extends AbstractSoftAssertions {

    public SloResultAssert assertThat(SloResult actual) {
        return proxy(SloResultAssert.class, SloResult.class, actual);
    }

    public EvaluationRoundAssert assertThat(EvaluationRound actual) {
        return proxy(EvaluationRoundAssert.class, EvaluationRound.class, actual);
    }

    /** Evaluates the SLOs now against what the registry recorded, and asserts softly on the round. */
    public EvaluationRoundAssert assertThat(MeterRegistry registry, SloSet slos) {
        return assertThat(SloAssertions.evaluate(registry, slos));
    }
}
