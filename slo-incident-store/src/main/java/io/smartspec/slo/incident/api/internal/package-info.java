/** The incident API's request parsing and Alertmanager's webhook format; not API. */
package io.smartspec.slo.incident.api.internal;
