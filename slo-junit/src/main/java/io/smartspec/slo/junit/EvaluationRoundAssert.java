package io.smartspec.slo.junit;

import java.util.List;

import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.junit.internal.SloErrorMessages;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a round of SLO evaluations (a monitor round, or SLOs evaluated against a test's
 * metrics). Get one with {@link SloAssertions#assertThat(EvaluationRound)}.
 *
 * <pre>{@code
 * assertThat(round).hasNoBreaches().meets(checkoutP99).hasErrorBudgetRemainingAtLeast(percent(50));
 * }</pre>
 *
 * Each assertion reports every failing SLO in one message.
 *
 * @since 0.1.0
 */
public class EvaluationRoundAssert extends AbstractAssert<EvaluationRoundAssert, EvaluationRound> {

    public EvaluationRoundAssert(EvaluationRound actual) {
        super(actual, EvaluationRoundAssert.class);
    }

    /** Verifies that no SLO is breached (SLOs without data do not count as breaches; see {@link #meetsAll()}). */
    public EvaluationRoundAssert hasNoBreaches() {
        isNotNull();
        List<SloResult> breaches = actual.breaches();
        if (!breaches.isEmpty()) {
            throwAssertionError(SloErrorMessages.shouldHaveNoBreaches(actual, breaches));
        }
        return myself;
    }

    /** Verifies that every SLO is known to be met: none breached, none without data or in error. */
    public EvaluationRoundAssert meetsAll() {
        isNotNull();
        List<SloResult> notMet = actual.results().stream().filter(r -> !r.status().isMet()).toList();
        if (!notMet.isEmpty()) {
            throwAssertionError(SloErrorMessages.shouldMeetAll(actual, notMet));
        }
        return myself;
    }

    /** Verifies that the SLO was evaluated and is met (MET or AT_RISK). */
    public EvaluationRoundAssert meets(Slo slo) {
        return meets(slo.name());
    }

    /** Verifies that the SLO of that name was evaluated and is met (MET or AT_RISK). */
    public EvaluationRoundAssert meets(String sloName) {
        new SloResultAssert(result(sloName)).meets();
        return myself;
    }

    /** Verifies that every SLO with an error budget has at least {@code share} of it left, e.g. {@code percent(50)}. */
    public EvaluationRoundAssert hasErrorBudgetRemainingAtLeast(Quantity share) {
        isNotNull();
        if (share.dimension() != io.smartspec.slo.Unit.Dimension.RATIO) {
            throw new IllegalArgumentException("share must be a percentage like percent(50), but was " + share);
        }
        List<SloResult> short_ = actual.results().stream().filter(r -> r.slo().hasErrorBudget())
                .filter(r -> r.errorBudget().map(b -> b.remaining() < share.canonicalValue() - SloErrorMessages.TOLERANCE).orElse(true))
                .toList();
        if (!short_.isEmpty()) {
            throwAssertionError(SloErrorMessages.shouldAllHaveErrorBudgetRemaining(short_, share));
        }
        return myself;
    }

    /** Verifies that the named SLO has at least {@code share} of its error budget left. */
    public EvaluationRoundAssert hasErrorBudgetRemainingAtLeast(String sloName, Quantity share) {
        new SloResultAssert(result(sloName)).hasErrorBudgetRemainingAtLeast(share);
        return myself;
    }

    /** Navigates to the result of one SLO. */
    public SloResultAssert result(Slo slo) {
        return new SloResultAssert(result(slo.name()));
    }

    private SloResult result(String sloName) {
        isNotNull();
        return actual.result(sloName).orElseThrow(
                () -> assertionError(SloErrorMessages.shouldHaveResult(actual, sloName)));
    }
}
