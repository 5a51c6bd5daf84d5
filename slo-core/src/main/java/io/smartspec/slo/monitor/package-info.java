/**
 * The embedded monitor: {@link io.smartspec.slo.monitor.SloMonitor} evaluates a spec every interval
 * and publishes breaches, reminders and recoveries as {@link io.smartspec.slo.monitor.SloEvent}s to
 * {@link io.smartspec.slo.monitor.SloListener}s ({@link io.smartspec.slo.monitor.LoggingListener}, incident
 * forwarders, history).
 *
 * @since 0.1.0
 */
package io.smartspec.slo.monitor;
