package io.smartspec.slo.spring.boot.internal;

import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.incident.DeliveryPolicy;
import io.smartspec.slo.incident.DeliveryRecorder;
import io.smartspec.slo.incident.IncidentForwarder;
import io.smartspec.slo.report.ReportScheduler;
import io.smartspec.slo.report.ReportSink;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.spring.boot.autoconfigure.SloProperties;

import io.micrometer.core.instrument.MeterRegistry;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;

/**
 * What a Spring application's monitor forwards to and records in, as in the plain library: the
 * {@code incident_response} receivers of observability.yaml (through an outbox per spec), the history of
 * rounds and the scheduled reports ({@code smartspec.slo.history.*}). Closed after the monitor, so what
 * the monitor hands over on shutdown is written to the outbox first.
 */
public final class MonitorExtras implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MonitorExtras.class.getName());

    private final Optional<IncidentForwarder> incidents;
    private final Optional<SloHistory> history;
    private final Optional<ReportScheduler> reports;
    private final MetricSource source;
    private final boolean ownsSource;

    private MonitorExtras(Optional<IncidentForwarder> incidents, Optional<SloHistory> history,
                          Optional<ReportScheduler> reports, MetricSource source, boolean ownsSource) {
        this.incidents = incidents;
        this.history = history;
        this.reports = reports;
        this.source = source;
        this.ownsSource = ownsSource;
    }

    /**
     * The extras of a spec, and the source its SLOs are read from (see {@link MonitorFactory#source}).
     *
     * @throws io.smartspec.slo.SloValidationException when the provider or a receiver of observability.yaml
     *                                                 is misconfigured
     */
    public static MonitorExtras of(SloSpec spec, SloProperties properties, MeterRegistry registry,
                                   Map<String, String> env) {
        return of(spec, properties, registry, env, DeliveryRecorder.NONE);
    }

    /** As {@link #of(SloSpec, SloProperties, MeterRegistry, Map)}, the forwarder's deliveries recorded by {@code recorder}. */
    public static MonitorExtras of(SloSpec spec, SloProperties properties, MeterRegistry registry,
                                   Map<String, String> env, DeliveryRecorder recorder) {
        MetricSource source = MonitorFactory.source(spec, registry, env);
        Optional<IncidentForwarder> incidents = spec.config().incidentResponse().isEmpty() ? Optional.empty()
                : Optional.of(IncidentForwarder.fromConfig(spec.config().incidentResponse(),
                properties.getIncidents().getOutboxDir().resolve(spec.specId()),
                DeliveryPolicy.ofDefaults().withCloseTimeout(properties.getIncidents().getCloseTimeout()), recorder));
        SloProperties.History h = properties.getHistory();
        Optional<SloHistory> history = Optional.ofNullable(h.getDir()).map(SloHistory::in);
        Optional<ReportScheduler> reports = history.flatMap(hist -> Optional.ofNullable(h.getReportsDir())
                .map(dir -> ReportScheduler.builder(hist).zone(h.getZone()).sink(ReportSink.directory(dir)).build()));
        if (h.getReportsDir() != null && history.isEmpty()) {
            LOG.log(Level.WARNING, "smartspec.slo.history.reports-dir is set but smartspec.slo.history.dir is not: "
                    + "reports are written from the history, so none will be written");
        }
        return new MonitorExtras(incidents, history, reports, source, !spec.readsOwnMeters());
    }

    /** The source the SLOs are read from. */
    public MetricSource source() {
        return source;
    }

    public Optional<IncidentForwarder> incidents() {
        return incidents;
    }

    public Optional<SloHistory> history() {
        return history;
    }

    public Optional<ReportScheduler> reports() {
        return reports;
    }

    /** Closes the forwarder (what is still pending stays in the outbox) and a source the monitor did not own. */
    @Override
    public void close() {
        incidents.ifPresent(IncidentForwarder::close);
        if (ownsSource) {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "closing metric source " + source.name() + " failed: " + e);
            }
        }
    }
}
