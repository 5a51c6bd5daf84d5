package io.smartspec.slo.report;

import io.smartspec.slo.report.internal.HtmlRenderer;
import io.smartspec.slo.report.internal.JsonRenderer;
import io.smartspec.slo.report.internal.MarkdownRenderer;

import java.util.Locale;
import java.util.Optional;

/**
 * How a report is written: Markdown, JSON (schema in {@code docs/report-schema.md}) or one
 * self-contained HTML file with inline SVG charts (no script, no web font, prints on A4; well-formed
 * XML, so XHTML tools read it too).
 *
 * @since 0.1.0
 */
public enum ReportFormat {
    MARKDOWN("md", "text/markdown; charset=utf-8"),
    JSON("json", "application/json"),
    HTML("html", "text/html; charset=utf-8");

    private final String extension;
    private final String mediaType;

    ReportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String render(SloReport report) {
        return switch (this) {
            case MARKDOWN -> MarkdownRenderer.render(report);
            case JSON -> JsonRenderer.render(report);
            case HTML -> HtmlRenderer.render(report);
        };
    }

    /** {@code md}, {@code json}, {@code html}. */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Parses {@code md}, {@code markdown}, {@code json}, {@code html} (any case). */
    public static Optional<ReportFormat> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "md", "markdown" -> MARKDOWN;
            case "json" -> JSON;
            case "html", "htm" -> HTML;
            default -> null;
        });
    }
}
