/**
 * Internals of the Prometheus provider: PromQL expansion, response reading, rule rendering. Not API.
 */
package io.smartspec.slo.prometheus.internal;
