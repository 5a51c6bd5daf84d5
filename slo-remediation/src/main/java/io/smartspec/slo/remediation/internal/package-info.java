/** The implementation of remediation: the {@code remediation:} section's reader, processes, the state file. */
package io.smartspec.slo.remediation.internal;
