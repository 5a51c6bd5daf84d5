/**
 * SLO history and reports: {@link io.smartspec.slo.history.SloHistory} keeps every monitor round in
 * JSON Lines files, {@link io.smartspec.slo.report.SloReport} turns a {@link io.smartspec.slo.report.ReportPeriod}
 * of that history into a daily, weekly, monthly or custom report rendered as Markdown, JSON or HTML
 * ({@link io.smartspec.slo.report.ReportFormat}), delivered by {@link io.smartspec.slo.report.ReportSink}s
 * on schedule by {@link io.smartspec.slo.report.ReportScheduler}.
 *
 * <pre>{@code
 * SloHistory history = SloHistory.in(Path.of("/var/lib/slo/history"));
 * SloMonitor.builder()...onRound(history::append)...
 * SloReport report = SloReport.forSpec("checkout")
 *     .over(ReportPeriod.month(YearMonth.of(2026, 3), ZoneId.of("Europe/Berlin")))
 *     .from(history)
 *     .build();
 * String html = ReportFormat.HTML.render(report);
 * }</pre>
 *
 * @since 0.1.0
 */
package io.smartspec.slo.report;

import io.smartspec.slo.history.SloHistory;
