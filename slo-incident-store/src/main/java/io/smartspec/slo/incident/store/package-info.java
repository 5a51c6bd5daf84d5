/**
 * Incidents as durable records: one {@link io.smartspec.slo.incident.store.Incident} per breach of an
 * SLO with its state and timeline, kept in an {@link io.smartspec.slo.incident.store.IncidentStore}
 * (a journal directory, or PostgreSQL for several replicas) and fed by the monitor and the forwarder
 * through {@link io.smartspec.slo.incident.store.Incidents}.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.incident.store;
