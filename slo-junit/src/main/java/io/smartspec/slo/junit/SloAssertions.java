package io.smartspec.slo.junit;

import java.time.Instant;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.junit.internal.MicrometerSources;

/**
 * Entry point of the AssertJ assertions on SLOs.
 *
 * <pre>{@code
 * import static io.smartspec.slo.junit.SloAssertions.assertThat;
 *
 * assertThat(registry, slos).hasNoBreaches().hasErrorBudgetRemainingAtLeast(percent(50));
 * assertThat(round).meets(checkoutP99);
 * assertThat(result).meets();
 *
 * SloAssertions.assertSoftly(softly -> {           // every failure, reported at once
 *     softly.assertThat(round).meets(checkoutP99);
 *     softly.assertThat(round).meets(availability);
 * });
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SloAssertions {

    private SloAssertions() {
    }

    /** Assertions on the evaluation of one SLO. */
    public static SloResultAssert assertThat(SloResult actual) {
        return new SloResultAssert(actual);
    }

    /** Assertions on a round of evaluations. */
    public static EvaluationRoundAssert assertThat(EvaluationRound actual) {
        return new EvaluationRoundAssert(actual);
    }

    /** Evaluates the SLOs now against what the registry recorded, and asserts on the round. */
    public static EvaluationRoundAssert assertThat(MeterRegistry registry, SloSet slos) {
        return assertThat(evaluate(registry, slos));
    }

    /** Evaluates the SLOs now against a metric source, and asserts on the round. */
    public static EvaluationRoundAssert assertThat(MetricSource source, SloSet slos) {
        return assertThat(SloEvaluator.withDefaults().evaluate(slos, source, Instant.now()));
    }

    /** Evaluates the SLOs now against what the registry recorded. */
    public static EvaluationRound evaluate(MeterRegistry registry, SloSet slos) {
        return SloEvaluator.withDefaults().evaluate(slos, MicrometerSources.of(registry), Instant.now());
    }

    /** Runs soft assertions and reports every failure at once. */
    public static void assertSoftly(Consumer<SoftSloAssertions> assertions) {
        SoftSloAssertions softly = new SoftSloAssertions();
        assertions.accept(softly);
        softly.assertAll();
    }
}
