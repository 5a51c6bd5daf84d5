/**
 * The Micrometer metric source: {@link io.smartspec.slo.micrometer.MicrometerSource} reads a
 * {@code MeterRegistry} in the same JVM, and {@link io.smartspec.slo.micrometer.SloMeterFilter} gives
 * the meters an SLO uses precise percentiles and cumulative SLO boundaries.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.micrometer;
