package io.smartspec.slo.evaluation;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Windows;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Multi-window, multi-burn-rate alerting as data (Google SRE Workbook, "Alerting on SLOs"). Each
 * {@link Alert} fires when the burn rate over both its long and its short window exceeds its factor;
 * the factor is the share of the budget spent in the long window, scaled to the SLO's period:
 * {@code factor = budgetPercent / 100 * period / longWindow}. For 30 days that gives the Workbook's
 * 14.4 (2% in 1h), 6 (5% in 6h), 3 (10% in 1d) and 1 (10% in 3d).
 *
 * @since 0.1.0
 */
public record BurnRatePolicy(List<Alert> alerts) {

    /** Whether an alert should page a human now or open a ticket for working hours. */
    public enum Severity { PAGE, TICKET }

    /**
     * One alert: {@code budgetPercent} of the budget spent within {@code longWindow}, confirmed by
     * {@code shortWindow}.
     */
    public record Alert(Severity severity, double budgetPercent, Duration longWindow, Duration shortWindow) {
        public Alert {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(longWindow, "longWindow");
            Objects.requireNonNull(shortWindow, "shortWindow");
        }

        /** The burn-rate factor of this alert for an SLO period. */
        public double factor(Duration period) {
            return budgetPercent / 100.0 * period.getSeconds() / longWindow.getSeconds();
        }

        @Override
        public String toString() {
            return severity.name().toLowerCase() + " " + Windows.format(longWindow) + "/"
                    + Windows.format(shortWindow) + " (" + Quantity.formatNumber(budgetPercent) + "% of budget)";
        }
    }

    public BurnRatePolicy {
        alerts = List.copyOf(alerts);
    }

    /**
     * The Workbook's policy: page at 2% of the budget in 1h (confirmed over 5m) or 5% in 6h (30m);
     * ticket at 10% in 1d (2h) or 10% in 3d (6h). The same as Sloth's default windows.
     */
    public static BurnRatePolicy google() {
        return new BurnRatePolicy(List.of(
                new Alert(Severity.PAGE, 2, Duration.ofHours(1), Duration.ofMinutes(5)),
                new Alert(Severity.PAGE, 5, Duration.ofHours(6), Duration.ofMinutes(30)),
                new Alert(Severity.TICKET, 10, Duration.ofDays(1), Duration.ofHours(2)),
                new Alert(Severity.TICKET, 10, Duration.ofDays(3), Duration.ofHours(6))));
    }

    /** Every distinct window of the policy, shortest first. */
    public List<Duration> windows() {
        TreeSet<Duration> windows = new TreeSet<>();
        for (Alert a : alerts) {
            windows.add(a.longWindow());
            windows.add(a.shortWindow());
        }
        return List.copyOf(windows);
    }
}
