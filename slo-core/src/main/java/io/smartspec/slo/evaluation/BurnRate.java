package io.smartspec.slo.evaluation;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Windows;
import java.time.Duration;

/**
 * How fast the error budget burns over one window: the error ratio over the window divided by the
 * budget, {@code errorRatio / (1 - target)}. A burn rate of 1 spends exactly the budget over the
 * SLO's window.
 *
 * @since 0.1.0
 */
public record BurnRate(Duration window, double errorRatio, double rate) {

    public static BurnRate of(Duration window, double errorRatio, double target) {
        return new BurnRate(window, errorRatio, errorRatio / ErrorBudget.budgetShare(target));
    }

    @Override
    public String toString() {
        return Quantity.formatNumber(rate) + "x over " + Windows.format(window);
    }
}
