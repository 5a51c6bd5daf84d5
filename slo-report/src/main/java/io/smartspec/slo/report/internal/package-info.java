/** Implementation of report computation, rendering (Markdown, JSON, HTML) and delivery sinks. Not public API. */
package io.smartspec.slo.report.internal;
