package io.smartspec.slo.spring.boot.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.incident.DeliveryRecorder;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.monitor.LoggingListener;
import io.smartspec.slo.monitor.SloListener;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;

import java.util.List;
import java.util.Map;

/**
 * Builds the monitor of a Spring application: the one place that uses {@link SloMonitor.Builder}.
 * {@code provider: micrometer} reads the application's own {@link MeterRegistry}; another provider
 * (prometheus, datadog) is found as in the plain library and closed with the monitor's extras.
 */
public final class MonitorFactory {

    private MonitorFactory() {
    }

    /**
     * The source the spec's SLOs are read from: the application's registry, or the provider of
     * observability.yaml (which {@link MonitorExtras} then owns and closes).
     *
     * @throws io.smartspec.slo.SloValidationException when the provider is unknown or misconfigured
     */
    public static MetricSource source(SloSpec spec, MeterRegistry registry, Map<String, String> env) {
        if (spec.readsOwnMeters()) {
            return MicrometerSource.of(registry);
        }
        return MetricSourceProvider.sourceFor(spec.config(), env);
    }

    /** The monitor, not started: the spec's SLOs, its settings, the extras' history and incidents, and the listeners. */
    public static SloMonitor create(SloSpec spec, MetricSource source, MeterRegistry registry, MonitorExtras extras,
                                    List<SloListener> listeners) {
        SloMonitor.Builder builder = SloMonitor.builder()
                .slos(spec.slos(), source)
                // the windows of observability.yaml (slos(set, source) knows no spec file to take them from)
                .maintenance(MaintenanceCalendar.create().addAll(spec.specId(), spec.config().maintenance()))
                .meterRegistry(registry)
                .listener(LoggingListener.create());
        MonitorSettings s = spec.settings();
        s.interval().ifPresent(builder::interval);
        s.breachFor().ifPresent(builder::breachFor);
        s.reminderEvery().ifPresent(builder::reminderEvery);
        s.queryTimeout().ifPresent(builder::queryTimeout);
        s.queryConcurrency().ifPresent(builder::queryConcurrency);
        s.alertWhenNoData().ifPresent(builder::alertWhenNoData);
        s.stateDirectory().ifPresent(builder::stateDirectory);
        // a listener that records deliveries (the incident store's Incidents) sees an event before the
        // forwarder, so that the forwarder's deliveries find their incident (as in `slo monitor`)
        listeners.stream().filter(l -> l instanceof DeliveryRecorder).forEach(builder::listener);
        extras.incidents().ifPresent(builder::listener);
        extras.history().ifPresent(h -> builder.onRound(h::append));
        extras.reports().ifPresent(builder::onRound);
        listeners.stream().filter(l -> !(l instanceof DeliveryRecorder)).forEach(builder::listener);
        return builder.build();
    }
}
