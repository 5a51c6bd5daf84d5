package io.smartspec.slo.internal.micrometer;

import io.smartspec.slo.UnitConvention;
import io.micrometer.core.instrument.Metrics;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.micrometer.MicrometerSource;

import java.util.Map;

/**
 * {@code provider: micrometer}: a {@link MicrometerSource} over {@link Metrics#globalRegistry}.
 * Registered in {@code META-INF/services/io.smartspec.slo.source.MetricSourceProvider}.
 */
public final class MicrometerSourceProvider implements MetricSourceProvider {

    @Override
    public UnitConvention unitConventionOfSources() {
        return UnitConvention.EXACT;
    }

    @Override
    public String name() {
        return "micrometer";
    }

    @Override
    public MetricSource create(ObservabilityConfig config, Map<String, String> env) {
        return MicrometerSource.global();
    }
}
