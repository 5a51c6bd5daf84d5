/**
 * Incident response: forwards SLO breaches and recoveries to Alertmanager, PagerDuty (Events API
 * v2), Slack incoming webhooks and generic JSON webhooks, at least once and surviving restarts
 * through a durable outbox directory. Start with {@link io.smartspec.slo.incident.IncidentForwarder}.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.incident;
