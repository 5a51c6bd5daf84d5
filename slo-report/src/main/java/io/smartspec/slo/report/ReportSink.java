package io.smartspec.slo.report;

import io.smartspec.slo.Secret;
import io.smartspec.slo.report.internal.DirectorySink;
import io.smartspec.slo.report.internal.WebhookSink;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Receives every report the {@link ReportScheduler} writes. Implement it to send reports anywhere;
 * two come with the library:
 *
 * <pre>{@code
 * ReportSink.directory(Path.of("reports"));                       // md, json and html files
 * ReportSink.webhook(URI.create("http://127.0.0.1:8080/feedback")); // JSON POST: the feedback aggregator
 * }</pre>
 *
 * @since 0.1.0
 */
public interface ReportSink {

    /**
     * Delivers one report.
     *
     * @throws IOException when it could not; the scheduler retries at its next check
     */
    void deliver(SloReport report) throws IOException;

    /** A stable name, remembered with what was delivered (e.g. {@code directory /var/reports}). */
    String name();

    /** Writes each report as Markdown, JSON and HTML under {@code directory/<spec id>/}. */
    static ReportSink directory(Path directory) {
        return new DirectorySink(directory, EnumSet.allOf(ReportFormat.class));
    }

    /** Writes each report in the given formats under {@code directory/<spec id>/}. */
    static ReportSink directory(Path directory, ReportFormat first, ReportFormat... more) {
        return new DirectorySink(directory, EnumSet.of(first, more));
    }

    /** POSTs each report as JSON to the feedback aggregator's URL. */
    static ReportSink webhook(URI url) {
        return new WebhookSink(url, Optional.empty(), Duration.ofSeconds(10));
    }

    /** POSTs each report as JSON with {@code Authorization: Bearer <token>}. */
    static ReportSink webhook(URI url, Secret bearerToken) {
        return new WebhookSink(url, Optional.of(bearerToken), Duration.ofSeconds(10));
    }

    /** The file name a report gets: {@code checkout-monthly-2026-03.html}. */
    static String fileName(SloReport report, ReportFormat format) {
        String label = report.period().label().replace(':', '-').replace(' ', '_');
        return report.specId() + "-" + report.period().kind().name().toLowerCase(java.util.Locale.ROOT) + "-" + label
                + "." + format.extension();
    }
}
