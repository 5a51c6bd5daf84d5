/**
 * SmartSpec SLO: prometheus.
 */
package io.smartspec.slo.prometheus;
