/**
 * {@code observability.yaml}: {@link io.smartspec.slo.config.ObservabilityConfig} (which provider holds the
 * metrics and how to reach it), {@link io.smartspec.slo.config.MetricBinding} (how each metric is queried)
 * and {@link io.smartspec.slo.config.ReceiverConfig} (where breaches go). Read by
 * {@code internal.config.ObservabilityYamlReader}, which keeps every value located by file and line.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.config;
