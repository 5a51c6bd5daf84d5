package io.smartspec.slo.junit;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.Unit;
import io.smartspec.slo.junit.internal.SloErrorMessages;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the evaluation of one SLO. Get one with {@link SloAssertions#assertThat(SloResult)}.
 *
 * <pre>{@code
 * assertThat(result).meets().hasErrorBudgetRemainingAtLeast(percent(50));
 * }</pre>
 *
 * @since 0.1.0
 */
public class SloResultAssert extends AbstractAssert<SloResultAssert, SloResult> {

    public SloResultAssert(SloResult actual) {
        super(actual, SloResultAssert.class);
    }

    /**
     * Verifies that the objective is met (MET or AT_RISK): not breached, and not unknown (no data,
     * error).
     */
    public SloResultAssert meets() {
        isNotNull();
        if (!actual.status().isMet()) {
            throwAssertionError(SloErrorMessages.shouldMeet(actual));
        }
        return myself;
    }

    /** Verifies that the SLO is breached. */
    public SloResultAssert isBreached() {
        return hasStatus(Status.BREACHED);
    }

    /** Verifies the status. */
    public SloResultAssert hasStatus(Status expected) {
        isNotNull();
        if (actual.status() != expected) {
            throwAssertionError(SloErrorMessages.shouldHaveStatus(actual, expected));
        }
        return myself;
    }

    /**
     * Verifies that at least {@code share} of the error budget is left, e.g. {@code percent(50)}. A
     * threshold SLO has no error budget and fails this assertion.
     */
    public SloResultAssert hasErrorBudgetRemainingAtLeast(Quantity share) {
        isNotNull();
        if (share.dimension() != Unit.Dimension.RATIO) {
            throw new IllegalArgumentException("share must be a percentage like percent(50), but was " + share);
        }
        boolean ok = actual.errorBudget().map(b -> b.remaining() >= share.canonicalValue() - SloErrorMessages.TOLERANCE).orElse(false);
        if (!ok) {
            throwAssertionError(SloErrorMessages.shouldHaveErrorBudgetRemaining(actual, share));
        }
        return myself;
    }
}
