package io.smartspec.slo.junit.internal;

import java.nio.file.Path;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.spec.SpecLoader;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;

/** The Micrometer side of the spec-driven form: the source read, and the registry given to tests. */
public final class MicrometerSources {

    private MicrometerSources() {
    }

    /**
     * A source over the registry for one evaluation after a test. A test has no earlier rounds to
     * subtract from, so windowed counts ({@code ... / ... [5m]}, ratio SLOs) cover everything the
     * registry counted: for the fresh registry a test is given, exactly what the test recorded.
     */
    public static MetricSource of(MeterRegistry registry) {
        return MicrometerSource.builder(registry).countingSince(Instant.now()).build();
    }

    /**
     * A fresh registry for a test, with {@link SloMeterFilter} set up for the spec's SLOs so that the
     * percentiles they read are published with 3 significant digits. When the spec cannot be loaded
     * the registry is plain: the check after the test reports why.
     */
    public static SimpleMeterRegistry registryFor(Path spec, Path config) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try {
            LoadedSpec loaded = SpecLoader.load(spec, config);
            if (loaded.config().provider().isBlank() || loaded.config().provider().equalsIgnoreCase("micrometer")) {
                registry.config().meterFilter(SloMeterFilter.of(loaded.slos()));
            }
        } catch (RuntimeException e) {
            // reported by the check after the test, with the attribute that names the spec
        }
        return registry;
    }
}
