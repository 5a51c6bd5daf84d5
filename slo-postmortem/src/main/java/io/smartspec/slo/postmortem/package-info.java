/**
 * The documents of on-call, drawn from the SLO model and its records:
 * {@link io.smartspec.slo.postmortem.PostMortem}, the blameless post-mortem draft of an incident (from
 * the incident store and the history; every figure recorded or marked {@link io.smartspec.slo.postmortem.Figure.NotRecorded}
 * with the reason), and {@link io.smartspec.slo.postmortem.OnCallCard}, the one-page card of a service
 * (objectives, what pages and what opens a ticket, runbooks, receivers, the commands).
 *
 * @since 0.1.0
 */
package io.smartspec.slo.postmortem;
