/**
 * Reading {@code observability.yaml}: a YAML tree with line numbers, {@code {{env.NAME}}} substitution,
 * and the mapping of that tree into {@link io.smartspec.slo.config.ObservabilityConfig}. Not public API.
 */
package io.smartspec.slo.internal.config;
