/** The OpenSLO reader (line-aware YAML), the specification's checks, the import and export mappings. */
package io.smartspec.slo.openslo.internal;
