/**
 * How the documents are written: one {@link io.smartspec.slo.postmortem.internal.Doc} per document,
 * rendered as Markdown or as self-contained HTML printable on A4, and the inline SVG chart.
 */
package io.smartspec.slo.postmortem.internal;
