/**
 * Implementation of {@code @SloCheck} and the SLO assertions: the measuring runner, the measured
 * objectives, the spec-driven check, failure messages and JSON reports. Not API: may change at any
 * time.
 */
package io.smartspec.slo.junit.internal;
