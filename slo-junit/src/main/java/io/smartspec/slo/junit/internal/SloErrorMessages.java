package io.smartspec.slo.junit.internal;

import java.util.List;
import java.util.stream.Collectors;

import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import org.assertj.core.description.Description;
import org.assertj.core.error.DescriptionFormatter;
import org.assertj.core.presentation.Representation;
import org.assertj.core.error.ErrorMessageFactory;

/** The AssertJ error message factories of the SLO assertions: one per kind of failure. */
public final class SloErrorMessages {

    private SloErrorMessages() {
    }

    /** A text used as is, never re-quoted by AssertJ's representation. */
    private static final class Text implements ErrorMessageFactory {
        private final String text;

        Text(String text) {
            this.text = text;
        }

        @Override
        public String create(Description description, Representation representation) {
            return DescriptionFormatter.instance().format(description) + System.lineSeparator() + text;
        }

        @Override
        public String create(Description description) {
            return create(description, null);
        }

        @Override
        public String create() {
            return System.lineSeparator() + text;
        }
    }

    /** Share comparisons tolerate floating-point noise ({@code 1 - 500 / 1000.0000000000009}). */
    public static final double TOLERANCE = 1e-9;

    /** {@code Expecting p99 latency of checkout: 213.4 ms to be < 200 ms (over by 13.4 ms)}. */
    public static ErrorMessageFactory shouldMeet(SloResult actual) {
        String line = SloMessages.expecting(actual);
        if (actual.status() == Status.BREACHED || actual.status().isUnknown()) {
            return new Text(line);
        }
        return new Text(line + ", but it was " + actual.status());
    }

    /** {@code Expecting a result of slo 'x', but round ... has none (it has: a, b)}. */
    public static ErrorMessageFactory shouldHaveResult(EvaluationRound actual, String sloName) {
        return new Text("Expecting a result for slo '" + sloName + "', but the round has none; it has: "
                + actual.results().stream().map(SloResult::name).collect(Collectors.joining(", ")));
    }

    /** Every breach of a round in one message. */
    public static ErrorMessageFactory shouldHaveNoBreaches(EvaluationRound actual, List<SloResult> breaches) {
        return new Text("Expecting no breached SLO, but " + breaches.size() + " of " + actual.results().size()
                + (actual.results().size() == 1 ? " was" : " were") + " breached:\n"
                + breaches.stream().map(b -> "  " + SloMessages.expecting(b)).collect(Collectors.joining("\n")));
    }

    /** Every SLO that is not known to be met, in one message. */
    public static ErrorMessageFactory shouldMeetAll(EvaluationRound actual, List<SloResult> notMet) {
        return new Text("Expecting every SLO to be met, but " + notMet.size() + " of " + actual.results().size()
                + (notMet.size() == 1 ? " was not" : " were not") + ":\n"
                + notMet.stream().map(b -> "  " + SloMessages.expecting(b)).collect(Collectors.joining("\n")));
    }

    /**
     * {@code Expecting the error budget of availability of checkout to have at least 50 % left, but 12.5 % was
     * left (40 of 45.7 allowed bad events spent)}.
     */
    public static ErrorMessageFactory shouldHaveErrorBudgetRemaining(SloResult actual, Quantity atLeast) {
        return new Text(budgetLine(actual, atLeast));
    }

    private static String budgetLine(SloResult actual, Quantity atLeast) {
        String head = "Expecting the error budget of " + SloMessages.subject(actual) + " to have at least "
                + atLeast + " left, but ";
        if (actual.errorBudget().isEmpty()) {
            String why = !actual.slo().hasErrorBudget()
                    ? "it is a threshold SLO (" + actual.objective() + ") without an error budget"
                    : "there was none (" + actual.status() + (actual.detail().isEmpty() ? "" : ": " + actual.detail())
                    + ")";
            return head + why;
        }
        ErrorBudget b = actual.errorBudget().get();
        return head + Quantity.formatNumber(b.remaining() * 100) + " % was left ("
                + Quantity.formatNumber(b.badEvents()) + " of " + Quantity.formatNumber(b.allowedBadEvents())
                + " allowed bad events spent)";
    }

    /** Every SLO with too little error budget left, in one message. */
    public static ErrorMessageFactory shouldAllHaveErrorBudgetRemaining(List<SloResult> failing, Quantity atLeast) {
        return new Text(failing.stream().map(r -> budgetLine(r, atLeast)).collect(Collectors.joining("\n")));
    }

    /** {@code Expecting checkout-p99 to be BREACHED, but it was MET}. */
    public static ErrorMessageFactory shouldHaveStatus(SloResult actual, Status expected) {
        return new Text("Expecting " + SloMessages.subject(actual) + " to be " + expected + ", but it was "
                + actual.status() + " (" + actual + ")");
    }
}
