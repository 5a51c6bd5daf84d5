/**
 * Where measurements come from: the {@link io.smartspec.slo.source.MetricSource} SPI (one
 * {@link io.smartspec.slo.source.MetricQuery} in, one {@link io.smartspec.slo.source.Measurement} out),
 * and {@link io.smartspec.slo.source.MetricSourceProvider}, through which provider modules
 * (Micrometer here, Prometheus and Datadog in their own modules) are found by {@code provider:} name.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.source;
