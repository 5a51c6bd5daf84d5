/**
 * SmartSpec SLO: the SLO model and fluent DSL, spec.md and observability.yaml loading, the evaluator,
 * the embedded monitor and breach listeners. Implementation details live in {@code internal} packages.
 */
package io.smartspec.slo;
