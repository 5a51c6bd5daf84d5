package io.smartspec.slo.report.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.Windows;
import io.smartspec.slo.report.SloReport;
import io.smartspec.slo.report.SloReport.SloSection;

import java.util.List;
import java.util.Locale;

/** The JSON form of a report; the schema is documented in {@code docs/report-schema.md}. */
public final class JsonRenderer {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonRenderer() {
    }

    public static String render(SloReport r) {
        try {
            return MAPPER.writeValueAsString(tree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectNode tree(SloReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", r.schemaVersion());
        root.put("specId", r.specId());
        root.put("generatedAt", r.generatedAt().toString());
        ObjectNode period = root.putObject("period");
        period.put("kind", r.period().kind().name().toLowerCase(Locale.ROOT));
        period.put("label", r.period().label());
        period.put("from", r.period().from().toString());
        period.put("to", r.period().to().toString());
        period.put("zone", r.period().zone().getId());
        ObjectNode summary = root.putObject("summary");
        summary.put("slos", r.summary().slos());
        summary.put("met", r.summary().met());
        summary.put("breached", r.summary().breached());
        summary.put("noData", r.summary().noData());
        num(summary, "compliance", r.summary().compliance());
        if (r.summary().worstSlo().isPresent()) {
            summary.put("worstSlo", r.summary().worstSlo().get());
        } else {
            summary.putNull("worstSlo");
        }
        ArrayNode slos = root.putArray("slos");
        for (SloSection s : r.slos()) {
            ObjectNode o = slos.addObject();
            o.put("name", s.info().name());
            o.put("objective", s.info().objective().toString());
            o.put("operator", s.info().objective().operator().symbol());
            ObjectNode target = o.putObject("target");
            target.put("value", s.info().objective().bound().value());
            target.put("unit", s.info().objective().bound().unit().symbol());
            o.put("priority", s.info().priority().name());
            o.put("kind", s.info().ratio() ? "ratio" : "threshold");
            if (s.info().window().isPresent()) {
                o.put("window", s.info().window().get().describe());
            } else {
                o.putNull("window");
            }
            o.put("verdict", s.verdict().name());
            o.put("rounds", s.rounds());
            o.put("judged", s.judged());
            o.put("within", s.within());
            o.put("unknown", s.unknown());
            num(o, "compliance", s.compliance());
            num(o, "actual", s.actual());
            num(o, "worst", s.worst());
            ObjectNode budget = o.putObject("errorBudget");
            budget.put("basis", s.budget().basis());
            num(budget, "consumed", s.budget().consumed());
            num(budget, "remaining", s.budget().remaining());
            ArrayNode breaches = o.putArray("breaches");
            for (SloReport.Breach b : s.breaches()) {
                ObjectNode bo = breaches.addObject();
                bo.put("start", b.start().toString());
                bo.put("end", b.end().toString());
                bo.put("durationSeconds", b.duration().getSeconds());
                bo.put("ongoing", b.ongoing());
                bo.put("priority", b.priority().name());
                num(bo, "worst", b.worst());
                bo.put("rounds", b.rounds());
            }
            ObjectNode trend = o.putObject("trend");
            num(trend, "previousCompliance", s.trend().previousCompliance());
            num(trend, "deltaPoints", s.trend().deltaPoints());
            trend.put("direction", s.trend().direction().name());
            ObjectNode series = o.putObject("series");
            points(series.putArray("sli"), s.sli());
            points(series.putArray("budgetRemaining"), s.budgetRemaining());
            ArrayNode appendix = o.putArray("appendix");
            for (SloReport.AppendixRow a : s.appendix()) {
                ObjectNode ao = appendix.addObject();
                ao.put("label", a.label());
                ao.put("from", a.from().toString());
                ao.put("rounds", a.rounds());
                ao.put("breached", a.breached());
                ao.put("unknown", a.unknown());
                num(ao, "compliance", a.compliance());
                num(ao, "min", a.min());
                num(ao, "mean", a.mean());
                num(ao, "max", a.max());
            }
        }
        ArrayNode items = root.putArray("actionItems");
        for (SloReport.ActionItem a : r.actionItems()) {
            ObjectNode ao = items.addObject();
            ao.put("priority", a.priority().name());
            ao.put("kind", a.kind().name());
            ao.put("slo", a.slo());
            ao.put("text", a.text());
        }
        ArrayNode warnings = root.putArray("warnings");
        r.warnings().forEach(warnings::add);
        if (!r.maintenance().isEmpty()) {
            ArrayNode maintenance = root.putArray("maintenance");
            for (SloReport.Maintenance m : r.maintenance()) {
                ObjectNode mo = maintenance.addObject();
                mo.put("reason", m.reason());
                ArrayNode covered = mo.putArray("slos");
                m.slos().stream().sorted().forEach(covered::add);
                mo.put("schedule", m.schedule());
                ArrayNode spans = mo.putArray("spans");
                for (io.smartspec.slo.MaintenanceWindow.Span sp : m.spans()) {
                    ObjectNode so = spans.addObject();
                    so.put("from", sp.from().toString());
                    so.put("to", sp.to().toString());
                }
                mo.put("excludedSeconds", m.excluded().getSeconds());
            }
        }
        return root;
    }

    private static void points(ArrayNode array, List<SloReport.Point> points) {
        for (SloReport.Point p : points) {
            ArrayNode pair = array.addArray();
            pair.add(p.at().toString());
            if (Double.isFinite(p.value())) {
                pair.add(p.value());
            } else {
                pair.addNull();
            }
        }
    }

    private static void num(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
