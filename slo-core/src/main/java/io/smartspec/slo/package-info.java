/**
 * The SLO model: {@link io.smartspec.slo.Slo} (built with its fluent DSL or read from a spec),
 * {@link io.smartspec.slo.SloSet}, the {@link io.smartspec.slo.Indicator} kinds, {@link io.smartspec.slo.Objective},
 * {@link io.smartspec.slo.Quantity} and {@link io.smartspec.slo.Unit}, {@link io.smartspec.slo.Windows},
 * typed {@link io.smartspec.slo.Secret}s and located {@link io.smartspec.slo.Problem}s. Every other package
 * of the library depends on this one; it depends on none of them.
 *
 * <p>The pipeline, one package per stage: {@code config} and {@code spec} (loading) and {@code source}
 * (reading metrics) feed {@code evaluation}, which the {@code monitor} runs every interval. Incident
 * forwarding ({@code slo-incident}) and history and reports ({@code slo-report}) listen to the monitor.
 * Implementation details live in {@code internal} packages.
 *
 * @since 0.1.0
 */
package io.smartspec.slo;
