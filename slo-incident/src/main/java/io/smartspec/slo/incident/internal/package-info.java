/**
 * Implementation of incident forwarding: the outbox, the per-receiver delivery workers and the
 * request formats of each receiver. Not API: may change without notice.
 */
package io.smartspec.slo.incident.internal;
