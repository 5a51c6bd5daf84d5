/**
 * OpenSLO v1 (openslo.com): {@link io.smartspec.slo.openslo.OpenSloImport} reads OpenSLO files into
 * spec.md and observability.yaml, {@link io.smartspec.slo.openslo.OpenSloExport} writes a spec's SLOs as
 * OpenSLO. What OpenSLO cannot express travels in {@code smartspec.io/} annotations, so a round trip loses
 * nothing. The reader, the checks and the mappings are in {@code openslo.internal}.
 */
package io.smartspec.slo.openslo;
