/**
 * Reading a SmartSpec {@code spec.md}: finding the Non-Functional Requirements section with
 * commonmark, reading its tables' cells, and binding the rows to {@code observability.yaml}.
 * Not public API: use {@link io.smartspec.slo.spec.NfrTable} and {@link io.smartspec.slo.spec.SpecLoader}.
 */
package io.smartspec.slo.internal.spec;
