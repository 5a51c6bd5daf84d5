package io.smartspec.slo.examples.readme;

import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.report.ReportFormat;
import io.smartspec.slo.report.ReportPeriod;
import io.smartspec.slo.report.ReportScheduler;
import io.smartspec.slo.report.ReportSink;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.report.SloReport;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

/** The README's reports snippet, compiled and run by the examples' tests. */
public final class ReportsExample {

    private ReportsExample() {
    }

    /** A monitor that records its rounds and delivers the periodic reports. */
    public static SloMonitor monitorWithReports(SloSet slos, MetricSource source, Path historyDir, Path reportsDir,
                                                URI feedbackAggregator) {
        // tag::reports[]
        SloHistory history = SloHistory.in(historyDir);          // append-only JSON Lines, compacted over time
        ReportScheduler reports = ReportScheduler.builder(history)
                .zone(ZoneId.of("Europe/Berlin"))
                .sink(ReportSink.directory(reportsDir))               // .md, .json and .html files
                .sink(ReportSink.webhook(feedbackAggregator))         // the feedback aggregator
                .build();
        SloMonitor monitor = SloMonitor.builder()
                .slos(slos, source)
                .onRound(history::append)
                .onRound(reports) // daily after midnight, weekly on Monday, monthly on the 1st: once each
                .build();
        // end::reports[]
        return monitor;
    }

    /** Today's report of a spec as one self-contained HTML page. */
    public static String todaysHtmlReport(Path historyDir, SloSet slos) {
        // tag::report-html[]
        ZoneId zone = ZoneId.of("Europe/Berlin");
        String html = ReportFormat.HTML.render(SloReport.forSpec(slos.name())
                .over(ReportPeriod.day(LocalDate.now(zone), zone))
                .expecting(slos)
                .from(SloHistory.in(historyDir))
                .build());
        // end::report-html[]
        return html;
    }
}
