package io.smartspec.slo.report.internal;

import io.smartspec.slo.report.SloReport;
import io.smartspec.slo.report.SloReport.SloSection;

/** The Markdown form of a report (GitHub-flavoured tables). */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    public static String render(SloReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# SLO report: ").append(cell(r.specId())).append(", ").append(r.period().label()).append("\n\n");
        md.append("Period: ").append(ReportCalculator.local(r.period().from(), r.period())).append(" to ")
                .append(ReportCalculator.local(r.period().to(), r.period())).append(" (").append(r.period().zone())
                .append("). Generated ").append(r.generatedAt()).append(".\n\n");

        md.append("## Executive summary\n\n");
        SloReport.Summary s = r.summary();
        md.append("- SLOs: ").append(s.slos()).append(" — ").append(s.met()).append(" met, ").append(s.breached())
                .append(" breached, ").append(s.noData()).append(" with no data\n");
        md.append("- Overall compliance: ").append(Format.percent(s.compliance())).append('\n');
        md.append("- Worst SLO: ").append(s.worstSlo().map(MarkdownRenderer::cell).orElse("n/a")).append("\n\n");

        md.append("| SLO | Priority | Target | Actual | Worst | Compliance | Budget consumed | Budget remaining "
                + "| Breaches | Trend |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (SloSection x : r.slos()) {
            md.append("| ").append(cell(x.info().name())).append(" | ").append(x.info().priority())
                    .append(" | ").append(cell(x.info().objective().toString()))
                    .append(" | ").append(value(x, x.actual()))
                    .append(" | ").append(value(x, x.worst()))
                    .append(" | ").append(Format.percent(x.compliance()))
                    .append(" | ").append(Format.percent(x.budget().consumed()))
                    .append(" | ").append(Format.percent(x.budget().remaining()))
                    .append(" | ").append(x.breaches().size())
                    .append(" | ").append(trend(x)).append(" |\n");
        }
        md.append('\n');

        md.append("## Action items\n\n");
        if (r.actionItems().isEmpty()) {
            md.append("None: every SLO was met with more than half of its error budget left.\n\n");
        } else {
            for (SloReport.ActionItem a : r.actionItems()) {
                md.append("- [ ] **").append(a.priority()).append("** ").append(cell(a.text())).append('\n');
            }
            md.append('\n');
        }

        if (!r.maintenance().isEmpty()) {
            md.append("## Maintenance\n\n");
            md.append("Events inside these windows are left out of the SLIs and error budgets, and no breach fired "
                    + "inside them.\n\n");
            md.append("| Reason | SLOs | Schedule | In the period | Excluded |\n|---|---|---|---|---|\n");
            for (SloReport.Maintenance m : r.maintenance()) {
                StringBuilder spans = new StringBuilder();
                for (io.smartspec.slo.MaintenanceWindow.Span sp : m.spans()) {
                    spans.append(spans.length() == 0 ? "" : ", ").append(ReportCalculator.local(sp.from(), r.period()))
                            .append(" to ").append(ReportCalculator.local(sp.to(), r.period()));
                }
                md.append("| ").append(cell(m.reason())).append(" | ").append(m.slos().isEmpty() ? "all"
                        : cell(String.join(", ", new java.util.TreeSet<>(m.slos())))).append(" | ")
                        .append(cell(m.schedule())).append(" | ").append(spans).append(" | ")
                        .append(Format.duration(m.excluded())).append(" |\n");
            }
            md.append('\n');
        }

        md.append("## SLOs\n\n");
        for (SloSection x : r.slos()) {
            md.append("### ").append(cell(x.info().name())).append(" — ").append(x.verdict()).append("\n\n");
            md.append("- Objective: ").append(cell(x.info().objective().toString()))
                    .append(x.info().window().map(w -> " over " + w.describe()).orElse(""))
                    .append(" (").append(x.info().priority()).append(")\n");
            md.append("- Actual: ").append(value(x, x.actual())).append(x.info().ratio()
                    ? " (SLI over the window at the end of the period)" : " (mean)").append('\n');
            md.append("- Compliance: ").append(Format.percent(x.compliance())).append(" of ").append(x.judged())
                    .append(" judged rounds; ").append(x.unknown()).append(" rounds with no data or an error\n");
            md.append("- Error budget: ").append(Format.percent(x.budget().consumed())).append(" consumed, ")
                    .append(Format.percent(x.budget().remaining())).append(" remaining (")
                    .append(cell(x.budget().basis())).append(")\n");
            md.append("- Trend: ").append(trend(x)).append(" (previous period ")
                    .append(Format.percent(x.trend().previousCompliance())).append(")\n\n");
            if (!x.breaches().isEmpty()) {
                md.append("| Start | End | Duration | Priority | Worst value |\n|---|---|---|---|---|\n");
                for (SloReport.Breach b : x.breaches()) {
                    md.append("| ").append(ReportCalculator.local(b.start(), r.period())).append(" | ")
                            .append(ReportCalculator.local(b.end(), r.period())).append(b.ongoing() ? " (ongoing)" : "")
                            .append(" | ").append(Format.duration(b.duration())).append(" | ").append(b.priority())
                            .append(" | ").append(value(x, b.worst())).append(" |\n");
                }
                md.append('\n');
            }
        }

        md.append("## Appendix: detailed numbers\n\n");
        for (SloSection x : r.slos()) {
            md.append("### ").append(cell(x.info().name())).append("\n\n");
            md.append("| Interval | Rounds | Breached | No data | Compliance | Min | Mean | Max |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            for (SloReport.AppendixRow a : x.appendix()) {
                md.append("| ").append(a.label()).append(" | ").append(a.rounds()).append(" | ").append(a.breached())
                        .append(" | ").append(a.unknown()).append(" | ").append(Format.percent(a.compliance()))
                        .append(" | ").append(Format.number(a.min())).append(" | ").append(Format.number(a.mean()))
                        .append(" | ").append(Format.number(a.max())).append(" |\n");
            }
            md.append('\n');
        }
        if (!r.warnings().isEmpty()) {
            md.append("## Warnings\n\n");
            r.warnings().forEach(w -> md.append("- ").append(cell(w)).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    /** A value in the objective's unit, rounded for reading: 3 decimals for percentages, else 2. */
    static String value(SloSection x, double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double scale = x.info().objective().bound().unit() == io.smartspec.slo.Unit.PERCENT ? 1000 : 100;
        return x.quantity(Double.isFinite(v) ? Math.round(v * scale) / scale : v).toString();
    }

    static String trend(SloSection x) {
        return switch (x.trend().direction()) {
            case UNKNOWN -> "n/a";
            case STEADY -> "steady";
            case IMPROVED -> "improved " + Format.points(x.trend().deltaPoints());
            case WORSENED -> "worsened " + Format.points(x.trend().deltaPoints());
        };
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
