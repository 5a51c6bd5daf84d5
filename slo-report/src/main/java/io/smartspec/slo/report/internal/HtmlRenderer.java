package io.smartspec.slo.report.internal;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.report.ReportPeriod;
import io.smartspec.slo.report.SloReport;
import io.smartspec.slo.report.SloReport.SloSection;

import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One self-contained HTML file: inline CSS (with print rules for A4) and inline SVG charts, no script
 * and nothing loaded from the network. Written as well-formed XML (XHTML-compatible).
 */
public final class HtmlRenderer {

    private static final int W = 640;
    private static final int H = 170;
    private static final int LEFT = 64;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter AXIS = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1b1f24;\
            margin:2em auto;max-width:60em;padding:0 1em;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}
            table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em}
            th,td{border:1px solid #d0d7de;padding:.25em .5em;text-align:left}th{background:#f6f8fa}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .MET{color:#1a7f37;font-weight:600}.BREACHED{color:#cf222e;font-weight:600}.NO_DATA{color:#9a6700;font-weight:600}
            .kpi{display:inline-block;border:1px solid #d0d7de;border-radius:6px;padding:.4em .8em;margin:.2em .4em .2em 0}
            .kpi b{display:block;font-size:1.4em}
            .slo{page-break-inside:avoid;break-inside:avoid;margin-bottom:1.2em}
            svg{display:block;max-width:100%;height:auto}svg text{font-size:10px;fill:#57606a}
            .muted{color:#57606a;font-size:.85em}
            @page{size:A4;margin:15mm}
            @media print{body{margin:0;max-width:none;font-size:10pt}.slo,table{page-break-inside:avoid;break-inside:avoid}\
            h2{page-break-after:avoid;break-after:avoid}.appendix{page-break-before:always;break-before:page}}
            """;

    private HtmlRenderer() {
    }

    public static String render(SloReport r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>SLO report: ").append(esc(r.specId())).append(", ").append(esc(r.period().label()))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>SLO report: ").append(esc(r.specId())).append(", ").append(esc(r.period().label())).append("</h1>\n");
        h.append("<p class=\"muted\">").append(esc(ReportCalculator.local(r.period().from(), r.period()))).append(" to ")
                .append(esc(ReportCalculator.local(r.period().to(), r.period()))).append(" (")
                .append(esc(r.period().zone().getId())).append("), generated ").append(esc(r.generatedAt().toString()))
                .append("</p>\n");

        SloReport.Summary s = r.summary();
        h.append("<h2>Executive summary</h2>\n<div>");
        kpi(h, "SLOs", String.valueOf(s.slos()));
        kpi(h, "Met", String.valueOf(s.met()));
        kpi(h, "Breached", String.valueOf(s.breached()));
        kpi(h, "No data", String.valueOf(s.noData()));
        kpi(h, "Overall compliance", Format.percent(s.compliance()));
        kpi(h, "Worst SLO", s.worstSlo().orElse("n/a"));
        h.append("</div>\n");
        h.append("<table>\n<thead><tr><th>SLO</th><th>Priority</th><th>Target</th><th>Actual</th><th>Compliance</th>"
                + "<th>Budget consumed</th><th>Budget remaining</th><th>Breaches</th><th>Trend</th><th>Verdict</th></tr></thead>\n<tbody>\n");
        for (SloSection x : r.slos()) {
            h.append("<tr><td>").append(esc(x.info().name())).append("</td><td>").append(x.info().priority())
                    .append("</td><td>").append(esc(x.info().objective().toString()))
                    .append("</td><td class=\"n\">").append(esc(MarkdownRenderer.value(x, x.actual())))
                    .append("</td><td class=\"n\">").append(esc(Format.percent(x.compliance())))
                    .append("</td><td class=\"n\">").append(esc(Format.percent(x.budget().consumed())))
                    .append("</td><td class=\"n\">").append(esc(Format.percent(x.budget().remaining())))
                    .append("</td><td class=\"n\">").append(x.breaches().size())
                    .append("</td><td>").append(esc(MarkdownRenderer.trend(x)))
                    .append("</td><td class=\"").append(x.verdict()).append("\">").append(x.verdict())
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");

        h.append("<h2>Action items</h2>\n");
        if (r.actionItems().isEmpty()) {
            h.append("<p>None: every SLO was met with more than half of its error budget left.</p>\n");
        } else {
            h.append("<ul>\n");
            for (SloReport.ActionItem a : r.actionItems()) {
                h.append("<li><b>").append(a.priority()).append("</b> ").append(esc(a.text())).append("</li>\n");
            }
            h.append("</ul>\n");
        }

        if (!r.maintenance().isEmpty()) {
            h.append("<h2>Maintenance</h2>\n<p>Events inside these windows are left out of the SLIs and error budgets, "
                    + "and no breach fired inside them.</p>\n<table>\n<thead><tr><th>Reason</th><th>SLOs</th>"
                    + "<th>Schedule</th><th>In the period</th><th>Excluded</th></tr></thead>\n<tbody>\n");
            for (SloReport.Maintenance m : r.maintenance()) {
                StringBuilder spans = new StringBuilder();
                for (io.smartspec.slo.MaintenanceWindow.Span sp : m.spans()) {
                    spans.append(spans.length() == 0 ? "" : ", ").append(ReportCalculator.local(sp.from(), r.period()))
                            .append(" to ").append(ReportCalculator.local(sp.to(), r.period()));
                }
                h.append("<tr><td>").append(esc(m.reason())).append("</td><td>").append(esc(m.slos().isEmpty() ? "all"
                        : String.join(", ", new java.util.TreeSet<>(m.slos())))).append("</td><td>")
                        .append(esc(m.schedule())).append("</td><td>").append(esc(spans.toString())).append("</td><td>")
                        .append(esc(Format.duration(m.excluded()))).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }

        h.append("<h2>SLOs</h2>\n");
        for (SloSection x : r.slos()) {
            h.append("<div class=\"slo\" id=\"slo-").append(esc(x.info().name())).append("\">\n<h3>")
                    .append(esc(x.info().name())).append(" <span class=\"").append(x.verdict()).append("\">")
                    .append(x.verdict()).append("</span></h3>\n");
            h.append("<p>Objective ").append(esc(x.info().objective().toString()))
                    .append(esc(x.info().window().map(w -> " over " + w.describe()).orElse("")))
                    .append(" (").append(x.info().priority()).append("). Actual ")
                    .append(esc(MarkdownRenderer.value(x, x.actual()))).append(", worst ")
                    .append(esc(MarkdownRenderer.value(x, x.worst()))).append(", compliance ")
                    .append(esc(Format.percent(x.compliance()))).append(" of ").append(x.judged())
                    .append(" judged rounds (").append(x.unknown()).append(" without data). Error budget ")
                    .append(esc(Format.percent(x.budget().remaining()))).append(" remaining (")
                    .append(esc(x.budget().basis())).append(").</p>\n");
            sliChart(h, x, r.period());
            budgetChart(h, x, r.period());
            if (!x.breaches().isEmpty()) {
                h.append("<table>\n<thead><tr><th>Breach start</th><th>End</th><th>Duration</th><th>Priority</th>"
                        + "<th>Worst value</th></tr></thead>\n<tbody>\n");
                for (SloReport.Breach b : x.breaches()) {
                    h.append("<tr><td>").append(esc(ReportCalculator.local(b.start(), r.period()))).append("</td><td>")
                            .append(esc(ReportCalculator.local(b.end(), r.period()))).append(b.ongoing() ? " (ongoing)" : "")
                            .append("</td><td class=\"n\">").append(esc(Format.duration(b.duration())))
                            .append("</td><td>").append(b.priority()).append("</td><td class=\"n\">")
                            .append(esc(MarkdownRenderer.value(x, b.worst()))).append("</td></tr>\n");
                }
                h.append("</tbody>\n</table>\n");
            }
            h.append("</div>\n");
        }

        h.append("<div class=\"appendix\">\n<h2>Appendix: detailed numbers</h2>\n");
        for (SloSection x : r.slos()) {
            h.append("<h3>").append(esc(x.info().name())).append("</h3>\n<table>\n<thead><tr><th>Interval</th>"
                    + "<th>Rounds</th><th>Breached</th><th>No data</th><th>Compliance</th><th>Min</th><th>Mean</th>"
                    + "<th>Max</th></tr></thead>\n<tbody>\n");
            for (SloReport.AppendixRow a : x.appendix()) {
                h.append("<tr><td>").append(esc(a.label())).append("</td><td class=\"n\">").append(a.rounds())
                        .append("</td><td class=\"n\">").append(a.breached()).append("</td><td class=\"n\">")
                        .append(a.unknown()).append("</td><td class=\"n\">").append(esc(Format.percent(a.compliance())))
                        .append("</td><td class=\"n\">").append(Format.number(a.min())).append("</td><td class=\"n\">")
                        .append(Format.number(a.mean())).append("</td><td class=\"n\">").append(Format.number(a.max()))
                        .append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</div>\n");
        if (!r.warnings().isEmpty()) {
            h.append("<h2>Warnings</h2>\n<ul>\n");
            r.warnings().forEach(w -> h.append("<li>").append(esc(w)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void kpi(StringBuilder h, String label, String value) {
        h.append("<span class=\"kpi\">").append(esc(label)).append("<b>").append(esc(value)).append("</b></span>");
    }

    private static void sliChart(StringBuilder h, SloSection x, ReportPeriod period) {
        double target = x.info().objective().bound().value();
        String unit = x.info().objective().bound().unit().symbol();
        chart(h, "sli-chart", x.info().name() + ": observed value (worst per slot) against the objective "
                + x.info().objective(), x.sli(), target, period, unit, false);
    }

    private static void budgetChart(StringBuilder h, SloSection x, ReportPeriod period) {
        chart(h, "budget-chart", x.info().name() + ": error budget remaining (" + x.budget().basis() + ")",
                x.budgetRemaining(), 0, period, "%", true);
    }

    private static void chart(StringBuilder h, String cls, String title, List<SloReport.Point> points, double line,
                              ReportPeriod period, String unit, boolean budget) {
        double lo = line;
        double hi = line;
        for (SloReport.Point p : points) {
            double v = budget ? p.value() * 100 : p.value();
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (budget) {
            hi = Math.max(hi, 100);
            lo = Math.min(lo, 0);
        }
        if (hi - lo < 1e-9) {
            hi = lo + Math.max(1, Math.abs(lo) * 0.1);
        }
        double pad = (hi - lo) * 0.08;
        hi += pad;
        lo -= budget ? 0 : pad;
        double from = period.from().toEpochMilli();
        double span = Math.max(1, period.to().toEpochMilli() - from);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").append(cls).append("\" width=\"").append(W)
                .append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\">\n<title>").append(esc(title)).append("</title>\n");
        h.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"#fbfcfd\" stroke=\"#d0d7de\"/>\n");
        double ly = y(line, lo, hi, plotH);
        h.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"").append(f(ly))
                .append("\" y2=\"").append(f(ly)).append("\" stroke=\"").append(budget ? "#57606a" : "#cf222e")
                .append("\" stroke-dasharray=\"4 3\"/>\n");
        h.append("<text x=\"").append(W - RIGHT - 2).append("\" y=\"").append(f(ly - 3)).append("\" text-anchor=\"end\">")
                .append(budget ? "budget exhausted" : "objective " + esc(Quantity.formatNumber(line) + " " + unit).trim())
                .append("</text>\n");
        h.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + 10).append("\" text-anchor=\"end\">")
                .append(esc(Quantity.formatNumber(round(hi)) + (budget ? "%" : ""))).append("</text>\n");
        h.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + plotH).append("\" text-anchor=\"end\">")
                .append(esc(Quantity.formatNumber(round(lo)) + (budget ? "%" : ""))).append("</text>\n");
        h.append("<text x=\"").append(LEFT).append("\" y=\"").append(H - 8).append("\">")
                .append(esc(AXIS.format(period.from().atZone(period.zone())))).append("</text>\n");
        h.append("<text x=\"").append(W - RIGHT).append("\" y=\"").append(H - 8).append("\" text-anchor=\"end\">")
                .append(esc(AXIS.format(period.to().atZone(period.zone())))).append("</text>\n");
        if (points.isEmpty()) {
            h.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(TOP + plotH / 2)
                    .append("\" text-anchor=\"middle\">no data</text>\n");
        } else {
            StringBuilder pts = new StringBuilder();
            double lastX = Double.NaN;
            double lastY = Double.NaN;
            for (SloReport.Point p : points) {
                double v = budget ? p.value() * 100 : p.value();
                if (!Double.isFinite(v)) {
                    continue;
                }
                lastX = LEFT + (p.at().toEpochMilli() - from) / span * plotW;
                lastY = y(v, lo, hi, plotH);
                pts.append(f(lastX)).append(',').append(f(lastY)).append(' ');
            }
            String color = budget ? "#0969da" : "#1a7f37";
            h.append("<polyline fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"1.5\" points=\"").append(pts.toString().trim()).append("\"/>\n");
            if (Double.isFinite(lastX)) {
                // the latest value stays visible when the points span too little time to draw a line
                h.append("<circle cx=\"").append(f(lastX)).append("\" cy=\"").append(f(lastY))
                        .append("\" r=\"2.5\" fill=\"").append(color).append("\"/>\n");
            }
        }
        h.append("</svg>\n");
    }

    private static double round(double v) {
        return Math.abs(v) >= 10 ? Math.round(v * 10) / 10.0 : Math.round(v * 1000) / 1000.0;
    }

    private static double y(double v, double lo, double hi, int plotH) {
        return TOP + plotH - (v - lo) / (hi - lo) * plotH;
    }

    /** One decimal, without a Formatter (charts have thousands of coordinates). */
    private static String f(double v) {
        long tenths = Math.round(v * 10);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return sign + tenths / 10 + "." + tenths % 10;
    }

    /** Escapes text for XML content and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
