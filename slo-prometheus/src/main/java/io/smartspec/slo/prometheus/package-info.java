/**
 * SmartSpec SLO on Prometheus: {@link io.smartspec.slo.prometheus.PrometheusSource} evaluates SLOs
 * with the Prometheus HTTP API, and {@link io.smartspec.slo.prometheus.PrometheusRules} generates
 * recording and multi-window multi-burn-rate alert rules so that Prometheus evaluates them itself.
 */
package io.smartspec.slo.prometheus;
