/** The incident stores' implementation (journal files, PostgreSQL), JSON and escalation; not API. */
package io.smartspec.slo.incident.store.internal;
