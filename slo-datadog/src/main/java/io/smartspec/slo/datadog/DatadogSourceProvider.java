package io.smartspec.slo.datadog;

import io.smartspec.slo.Problem;
import io.smartspec.slo.UnitConvention;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.config.ObservabilityConfig;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code provider: datadog} for {@link java.util.ServiceLoader}. Keys missing from
 * {@code observability.yaml} are read from the process environment ({@code DATADOG_API_KEY},
 * {@code DATADOG_APP_KEY}).
 *
 * @since 0.1.0
 */
public final class DatadogSourceProvider implements MetricSourceProvider {

    /** The {@code provider:} value. */
    public static final String NAME = "datadog";

    @Override
    public UnitConvention unitConventionOfSources() {
        return UnitConvention.SERIES_METADATA;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> keys() {
        return DatadogConfig.KEYS;
    }

    @Override
    public Set<String> metricKeys() {
        return DatadogConfig.METRIC_KEYS;
    }

    @Override
    public List<Problem> problems(ObservabilityConfig config, Map<String, String> env) {
        return DatadogConfig.problems(config, env);
    }

    /** Keys, URL and site missing from the file are read from {@code env}. */
    @Override
    public MetricSource create(ObservabilityConfig config, Map<String, String> env) {
        return DatadogSource.from(config, env);
    }
}
