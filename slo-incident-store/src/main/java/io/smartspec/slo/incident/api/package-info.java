/**
 * The incident API ({@code /v1/...}, JSON, {@code docs/incident-api.md}) as a handler for the JDK
 * {@code HttpServer}, with Alertmanager's webhook intake: {@link io.smartspec.slo.incident.api.IncidentApi}.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.incident.api;
