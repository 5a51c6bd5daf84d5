package io.smartspec.slo.postmortem.internal;

import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.postmortem.PostMortem;
import io.smartspec.slo.postmortem.RemediationStep;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The SLO's recorded values over the incident as an inline SVG: no script, no external resource. */
final class SvgChart {

    private static final int W = 680;
    private static final int H = 240;
    private static final int LEFT = 62;
    private static final int RIGHT = 14;
    private static final int TOP = 12;
    private static final int BOTTOM = 30;

    private SvgChart() {
    }

    static String render(PostMortem pm, ZoneId zone) {
        long from = pm.chartFrom().toEpochMilli();
        long to = Math.max(pm.chartTo().toEpochMilli(), from + 1);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (HistorySample s : pm.samples()) {
            if (!Double.isNaN(s.last())) {
                lo = Math.min(lo, Math.min(s.min(), s.last()));
                hi = Math.max(hi, Math.max(s.max(), s.last()));
            }
        }
        double bound = pm.slo().map(i -> i.objective().bound().value()).orElse(Double.NaN);
        if (!Double.isNaN(bound)) {
            lo = Math.min(lo, bound);
            hi = Math.max(hi, bound);
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        double pad = (hi - lo) * 0.08;
        if (pad == 0) {
            pad = Math.max(Math.abs(hi) * 0.05, 1);
        }
        double yLo = lo - pad;
        double yHi = hi + pad;
        Scale sc = new Scale(from, to, yLo, yHi);

        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"slo-chart\" width=\"").append(W).append("\" height=\"")
                .append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"")
                .append(Format.html(pm.incident().key())).append(" over the incident\">\n");
        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(W - LEFT - RIGHT)
                .append("\" height=\"").append(H - TOP - BOTTOM).append("\" fill=\"#fff\" stroke=\"#d0d7de\"/>\n");
        // the incident
        Instant end = pm.impact().recovered().recorded().orElse(pm.incident().updatedAt());
        double x1 = sc.x(pm.impact().breachStarted().toEpochMilli());
        double x2 = Math.max(sc.x(end.toEpochMilli()), x1 + 1);
        b.append("<rect class=\"incident\" x=\"").append(n(x1)).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(n(x2 - x1)).append("\" height=\"").append(H - TOP - BOTTOM)
                .append("\" fill=\"#ffebe9\" stroke=\"none\"/>\n");
        // the objective
        if (!Double.isNaN(bound)) {
            double y = sc.y(bound);
            b.append("<line class=\"objective\" x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"")
                    .append(n(y)).append("\" y2=\"").append(n(y)).append("\" stroke=\"#57606a\" stroke-dasharray=\"5 4\"/>\n");
            b.append("<text x=\"").append(W - RIGHT - 4).append("\" y=\"").append(n(y - 4))
                    .append("\" text-anchor=\"end\" font-size=\"10\" fill=\"#57606a\">objective ")
                    .append(Format.html(pm.slo().get().objective().toString())).append("</text>\n");
        }
        // remediation marks
        for (RemediationStep step : pm.remediation()) {
            double x = sc.x(step.entry().at().toEpochMilli());
            b.append("<line class=\"remediation\" x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"")
                    .append(TOP).append("\" y2=\"").append(H - BOTTOM).append("\" stroke=\"#0969da\" stroke-width=\"1.5\"/>\n");
        }
        // the values: a line broken where a round had none
        List<List<String>> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        StringBuilder points = new StringBuilder();
        for (HistorySample s : pm.samples()) {
            if (Double.isNaN(s.last())) {
                if (!run.isEmpty()) {
                    runs.add(run);
                    run = new ArrayList<>();
                }
                continue;
            }
            long t = s.isRound() ? s.from().toEpochMilli() : (s.from().toEpochMilli() + s.to().toEpochMilli()) / 2;
            double x = sc.x(t);
            double y = sc.y(s.isRound() ? s.last() : s.mean());
            run.add(n(x) + "," + n(y));
            points.append("<circle class=\"").append(s.breached() > 0 ? "breached" : "round").append("\" cx=\"").append(n(x))
                    .append("\" cy=\"").append(n(y)).append("\" r=\"2.2\" fill=\"")
                    .append(s.breached() > 0 ? "#cf222e" : "#1a7f37").append("\"/>\n");
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        for (List<String> r : runs) {
            b.append("<polyline fill=\"none\" stroke=\"#24292f\" stroke-width=\"1.3\" points=\"")
                    .append(String.join(" ", r)).append("\"/>\n");
        }
        b.append(points);
        // axes
        String unit = pm.slo().map(i -> i.objective().bound().unit().symbol()).orElse("");
        b.append(label(LEFT - 4, TOP + 9, "end", io.smartspec.slo.Quantity.formatNumber(round(yHi)) + unit));
        b.append(label(LEFT - 4, H - BOTTOM, "end", io.smartspec.slo.Quantity.formatNumber(round(yLo)) + unit));
        boolean days = Duration.ofMillis(to - from).compareTo(Duration.ofHours(20)) > 0;
        DateTimeFormatter f = DateTimeFormatter.ofPattern(days ? "MM-dd HH:mm" : "HH:mm", Locale.ROOT);
        for (int i = 0; i <= 4; i++) {
            long t = from + (to - from) * i / 4;
            String anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";
            b.append(label(sc.x(t), H - BOTTOM + 14, anchor, f.format(Instant.ofEpochMilli(t).atZone(zone))));
        }
        return b.append("</svg>").toString();
    }

    private static double round(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(Math.max(Math.abs(v), 1e-9))) - 3);
        return Math.round(v / mag) * mag;
    }

    private static String label(double x, double y, String anchor, String text) {
        return "<text x=\"" + n(x) + "\" y=\"" + n(y) + "\" text-anchor=\"" + anchor
                + "\" font-size=\"10\" fill=\"#57606a\">" + Format.html(text) + "</text>\n";
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private record Scale(long from, long to, double lo, double hi) {
        double x(long t) {
            return LEFT + (double) (t - from) / (to - from) * (W - LEFT - RIGHT);
        }

        double y(double v) {
            return TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
        }
    }
}
