/**
 * Evaluation: {@link io.smartspec.slo.evaluation.SloEvaluator} turns an SLO and a source into a
 * {@link io.smartspec.slo.evaluation.SloResult} (status, value, margin, {@link io.smartspec.slo.evaluation.ErrorBudget}
 * and multi-window {@link io.smartspec.slo.evaluation.BurnRate}s under a {@link io.smartspec.slo.evaluation.BurnRatePolicy});
 * {@link io.smartspec.slo.evaluation.EvaluationRound} is one pass over a spec.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.evaluation;
