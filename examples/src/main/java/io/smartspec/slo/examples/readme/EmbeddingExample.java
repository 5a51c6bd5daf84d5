package io.smartspec.slo.examples.readme;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.monitor.LoggingListener;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.spec.SpecLoader;
import io.smartspec.slo.incident.IncidentForwarder;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;

import java.nio.file.Path;
import java.time.Duration;

/** The README's "embed the monitor" snippet, compiled and run by the examples' tests. */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    /** Starts monitoring the service's spec against the application's registry, at startup. */
    public static SloMonitor startMonitoring(MeterRegistry registry, Path outbox) {
        // tag::embed[]
        LoadedSpec spec = SpecLoader.load(Path.of("specs/checkout/spec.md"), Path.of("specs/checkout/observability.yaml"));
        registry.config().meterFilter(SloMeterFilter.of(spec.slos())); // exact percentiles; before meters register
        SloMonitor monitor = SloMonitor.builder()
                .slos(spec.slos(), MicrometerSource.of(registry))
                .interval(Duration.ofSeconds(30))
                .listener(LoggingListener.create())
                .listener(IncidentForwarder.fromConfig(spec.config(), outbox)) // incident_response: receivers
                .stateDirectory(outbox)                                        // open breaches survive restarts
                .meterRegistry(registry)                                        // slo.status, slo.error.budget.remaining
                .build()
                .start();
        // end::embed[]
        return monitor;
    }
}
