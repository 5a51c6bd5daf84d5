/**
 * Self-healing with guardrails: {@link io.smartspec.slo.remediation.Remediation} runs the
 * {@link io.smartspec.slo.remediation.RemediationAction} routed to a breached SLO (a
 * {@link io.smartspec.slo.remediation.CommandAction}, an {@link io.smartspec.slo.remediation.HttpAction}
 * or Java code) within its {@link io.smartspec.slo.remediation.Guardrails}, and records every run, skip and
 * outcome in the incident timeline.
 */
package io.smartspec.slo.remediation;
