/**
 * Implementation of the Datadog source: HTTP with retries, response parsing, unit mapping. Not API:
 * may change in any release.
 */
package io.smartspec.slo.datadog.internal;
