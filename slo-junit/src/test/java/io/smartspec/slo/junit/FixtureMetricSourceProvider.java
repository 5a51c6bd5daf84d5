package io.smartspec.slo.junit;

import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;

/** A provider for the tests of the spec-driven form with a provider other than Micrometer. */
public class FixtureMetricSourceProvider implements MetricSourceProvider {

    @Override
    public String name() {
        return "fixture";
    }

    @Override
    public MetricSource create(ObservabilityConfig config, java.util.Map<String, String> env) {
        return new MetricSource() {
            @Override
            public String name() {
                return "fixture";
            }

            @Override
            public Measurement query(MetricQuery query) {
                return new Measurement.Value(Quantity.of(Double.parseDouble(query.query()), Unit.NUMBER));
            }
        };
    }
}
