/**
 * {@code observability.yaml}, where each key has one owner that reads it once into a typed value:
 * {@link io.smartspec.slo.config.ConfigSection} (one map of the file, with the line of every key and typed
 * getters that collect located problems), {@link io.smartspec.slo.config.ObservabilityConfig} (the provider,
 * the {@link io.smartspec.slo.config.MonitorSettings}, the metrics and the receivers),
 * {@link io.smartspec.slo.config.MetricBinding} (a threshold query or an events ratio),
 * {@link io.smartspec.slo.config.ReceiverConfig} (where breaches go) and
 * {@link io.smartspec.slo.config.ReceiverProvider} (the SPI through which a module declares its receivers'
 * keys). Read by {@code internal.config.ObservabilityYamlReader}.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.config;
