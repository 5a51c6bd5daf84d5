/**
 * Implementation of {@link io.smartspec.slo.monitor.SloMonitor}: concurrent evaluation with query timeouts,
 * transition tracking, listener dispatch and the monitor's own meters. Not API.
 */
package io.smartspec.slo.internal.monitor;
