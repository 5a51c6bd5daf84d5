package io.smartspec.slo.prometheus;

import io.smartspec.slo.UnitConvention;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.config.ObservabilityConfig;

/**
 * Serves {@code provider: prometheus} of {@code observability.yaml}; found with
 * {@link java.util.ServiceLoader}. See {@link PrometheusSource#from(ObservabilityConfig)} for the keys.
 *
 * @since 0.1.0
 */
public final class PrometheusSourceProvider implements MetricSourceProvider {

    @Override
    public UnitConvention unitConventionOfSources() {
        return UnitConvention.BASE_UNITS;
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public MetricSource create(ObservabilityConfig config) {
        return PrometheusSource.from(config);
    }
}
