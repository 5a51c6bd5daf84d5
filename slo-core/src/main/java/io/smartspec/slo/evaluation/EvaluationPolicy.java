package io.smartspec.slo.evaluation;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import java.util.Objects;

/**
 * The rules that turn numbers into a {@link Status}. Immutable; {@link #defaults()} or
 * {@link #custom()}.
 *
 * <ul>
 *   <li>A threshold SLO is {@link Status#AT_RISK} when it is met but within {@code thresholdMargin}
 *       (default 10%) of its bound: {@code p99 = 185 ms} against {@code < 200 ms} is at risk. For a lower
 *       bound on a percentage the margin is a share of the room up to 100%: against {@code > 99.9%},
 *       {@code 99.905%} is at risk and {@code 99.95%} is met.</li>
 *   <li>A ratio SLO is {@link Status#BREACHED} when its SLI over the window is below target, or when a
 *       {@link BurnRatePolicy.Severity#PAGE page} burn-rate alert fires; it is {@link Status#AT_RISK}
 *       when less than {@code budgetAtRisk} (default 25%) of its error budget is left, or a
 *       {@link BurnRatePolicy.Severity#TICKET ticket} alert fires.</li>
 * </ul>
 *
 * @param thresholdMargin the relative distance to a threshold's bound under which it is at risk
 * @param budgetAtRisk    the remaining share of the error budget under which a ratio SLO is at risk
 * @param burnRates       the multi-window multi-burn-rate alerts
 * @param minimumEvents   fewer events than this in the SLO window is {@link Status#NO_DATA}
 * @since 0.1.0
 */
public record EvaluationPolicy(double thresholdMargin, double budgetAtRisk, BurnRatePolicy burnRates,
                               double minimumEvents) {

    public static final double DEFAULT_THRESHOLD_MARGIN = 0.10;
    public static final double DEFAULT_BUDGET_AT_RISK = 0.25;
    public static final double DEFAULT_MINIMUM_EVENTS = 1;

    public EvaluationPolicy {
        Objects.requireNonNull(burnRates, "burnRates");
        if (!(thresholdMargin >= 0 && thresholdMargin < 1)) {
            throw new IllegalArgumentException("thresholdMargin must be between 0 and 1, but was " + thresholdMargin);
        }
        if (!(budgetAtRisk >= 0 && budgetAtRisk <= 1)) {
            throw new IllegalArgumentException("budgetAtRisk must be between 0 and 1, but was " + budgetAtRisk);
        }
        if (!(minimumEvents >= 0)) {
            throw new IllegalArgumentException("minimumEvents must be at least 0, but was " + minimumEvents);
        }
    }

    public static EvaluationPolicy defaults() {
        return new EvaluationPolicy(DEFAULT_THRESHOLD_MARGIN, DEFAULT_BUDGET_AT_RISK, BurnRatePolicy.google(),
                DEFAULT_MINIMUM_EVENTS);
    }

    public static Builder custom() {
        return new Builder();
    }

    /** Builds an {@link EvaluationPolicy}; setters fail fast with the bad value. */
    public static final class Builder {
        private double thresholdMargin = DEFAULT_THRESHOLD_MARGIN;
        private double budgetAtRisk = DEFAULT_BUDGET_AT_RISK;
        private BurnRatePolicy burnRates = BurnRatePolicy.google();
        private double minimumEvents = DEFAULT_MINIMUM_EVENTS;

        /** E.g. {@code atRiskWithin(percent(10))}. */
        public Builder thresholdAtRiskWithin(Quantity share) {
            this.thresholdMargin = share.to(Unit.FRACTION).value();
            return this;
        }

        /** E.g. {@code budgetAtRiskBelow(percent(25))}. */
        public Builder budgetAtRiskBelow(Quantity share) {
            this.budgetAtRisk = share.to(Unit.FRACTION).value();
            return this;
        }

        public Builder burnRates(BurnRatePolicy burnRates) {
            this.burnRates = burnRates;
            return this;
        }

        public Builder minimumEvents(double minimumEvents) {
            this.minimumEvents = minimumEvents;
            return this;
        }

        public EvaluationPolicy build() {
            return new EvaluationPolicy(thresholdMargin, budgetAtRisk, burnRates, minimumEvents);
        }
    }
}
