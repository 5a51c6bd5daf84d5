/**
 * The checkout demo: a small HTTP service instrumented with Micrometer that embeds the SLO monitor,
 * with a load generator, injected faults and an incident receiver.
 */
package io.smartspec.slo.examples.checkout;
