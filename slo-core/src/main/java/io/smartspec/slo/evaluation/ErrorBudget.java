package io.smartspec.slo.evaluation;

import io.smartspec.slo.Quantity;

/**
 * The error budget of a ratio SLO over its window, after the Google SRE Workbook: the budget is the
 * share of events allowed to be bad, {@code 1 - target}.
 *
 * @param target          the target as a fraction (0.999)
 * @param totalEvents     all events in the window
 * @param badEvents       bad events in the window
 * @param allowedBadEvents bad events the budget allows: {@code (1 - target) * totalEvents}
 * @since 0.1.0
 */
public record ErrorBudget(double target, double totalEvents, double badEvents, double allowedBadEvents) {

    public static ErrorBudget of(double target, double totalEvents, double badEvents) {
        return new ErrorBudget(target, totalEvents, badEvents, budgetShare(target) * totalEvents);
    }

    /** {@code 1 - target} as the decimal it is: 1 - 0.999 is 0.001, not 0.0010000000000000009. */
    static double budgetShare(double target) {
        return Double.isFinite(target)
                ? java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(target)).doubleValue() : 1 - target;
    }

    /** The budget as a fraction of all events: {@code 1 - target}. */
    public double total() {
        return budgetShare(target);
    }

    /** The share of the budget spent: bad / allowed bad (may exceed 1). */
    public double consumed() {
        return allowedBadEvents == 0 ? (badEvents > 0 ? Double.POSITIVE_INFINITY : 0)
                : Numbers.significant(badEvents / allowedBadEvents);
    }

    /** The share of the budget left: {@code 1 - consumed} (negative when overspent). */
    public double remaining() {
        return Numbers.difference(1, consumed());
    }

    /** Bad events still allowed in the window (negative when overspent). */
    public double remainingEvents() {
        return Numbers.difference(allowedBadEvents, badEvents);
    }

    /** The SLI over the window: good / total. */
    public double sli() {
        return totalEvents == 0 ? Double.NaN : (totalEvents - badEvents) / totalEvents;
    }

    @Override
    public String toString() {
        return Quantity.formatNumber(remaining() * 100) + "% of the error budget left ("
                + Quantity.formatNumber(badEvents) + " of " + Quantity.formatNumber(allowedBadEvents)
                + " allowed bad events spent)";
    }
}
