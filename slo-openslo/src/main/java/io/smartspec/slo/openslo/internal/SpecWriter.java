package io.smartspec.slo.openslo.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes an {@link Imported} service as the text of its spec.md and observability.yaml. */
public final class SpecWriter {

    /**
     * The NFR table's columns: Budget (time slices) and Ratio window (the window a raw ratio is computed over) when a
     * row has one; Description, Labels and Ratio window are read back by the export, other tools ignore them.
     */
    static List<String> columns(boolean budget, boolean ratioWindow) {
        List<String> c = new java.util.ArrayList<>(List.of("Category", "Requirement", "Metric", "Target", "Window"));
        if (budget) {
            c.add("Budget");
        }
        if (ratioWindow) {
            c.add(RATIO_WINDOW);
        }
        c.addAll(List.of("Priority", "Runbook", "Description", "Labels"));
        return c;
    }

    /** The column of the window a raw ratio's query computes its ratio over. */
    public static final String RATIO_WINDOW = "Ratio window";

    private SpecWriter() {
    }

    public static String specMd(Imported s) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(oneLine(s.displayName().orElse(s.service()))).append("\n\n");
        s.description().ifPresent(d -> md.append(d.strip()).append("\n\n"));
        md.append("Imported from OpenSLO v1 (").append(String.join(", ", s.sources().stream()
                .map(f -> "`" + f.replace("`", "") + "`").toList())).append(") by `slo openslo import`: service `")
                .append(s.service()).append("`. `slo openslo export` writes it back.\n\n");
        md.append("## Non-Functional Requirements\n\n");
        boolean budget = s.rows().stream().anyMatch(r -> !r.budget().isEmpty());
        boolean ratioWindow = s.rows().stream().anyMatch(r -> !r.ratioWindow().isEmpty());
        List<String> columns = columns(budget, ratioWindow);
        md.append("| ").append(String.join(" | ", columns)).append(" |\n");
        md.append("|").append("---|".repeat(columns.size())).append("\n");
        for (Imported.Row r : s.rows()) {
            List<String> cells = new java.util.ArrayList<>(List.of(cell(r.category()), cell(r.requirement()),
                    "`" + r.metric() + "`", cell(r.target()), cell(r.window())));
            if (budget) {
                cells.add(cell(r.budget()));
            }
            if (ratioWindow) {
                cells.add(cell(r.ratioWindow()));
            }
            cells.addAll(List.of(cell(r.priority()), cell(r.runbook()), cell(r.description()), cell(r.labels())));
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        if (!s.alertNotes().isEmpty()) {
            md.append("\n## Alerting (from OpenSLO, not applied)\n\n")
                    .append("SmartSpec's monitor and `slo rules` alert on every ratio SLO with the SRE Workbook's "
                            + "multi-window burn rates and deliver to the `incident_response` receivers of "
                            + "observability.yaml. The OpenSLO files asked for these alerts:\n\n")
                    .append("| SLO | Policy | Severity | Condition | Notification targets |\n|---|---|---|---|---|\n");
            s.alertNotes().forEach(n -> md.append(n).append("\n"));
        }
        return md.toString();
    }

    public static String observabilityYaml(Imported s) {
        StringBuilder y = new StringBuilder();
        y.append("# Imported from OpenSLO v1 by slo openslo import (service ").append(s.service()).append(")\n");
        y.append("provider: ").append(s.provider()).append("\n");
        for (Map.Entry<String, String> e : s.providerSettings().entrySet()) {
            y.append(e.getKey()).append(": ").append(quote(e.getValue())).append("\n");
        }
        y.append("metrics:\n");
        for (Imported.Binding b : s.bindings()) {
            y.append("  - name: ").append(quote(b.name())).append("\n");
            line(y, "query", b.query());
            line(y, "good_query", b.goodQuery());
            line(y, "bad_query", b.badQuery());
            line(y, "total_query", b.totalQuery());
            line(y, "unit", b.unit());
            b.minEvents().ifPresent(m -> y.append("    min_events: ").append(m).append("\n"));
        }
        // JSON is YAML's flow style: the windows as the export carried them
        s.maintenance().ifPresent(m -> y.append("maintenance: ").append(m.strip()).append("\n"));
        return y.toString();
    }

    private static void line(StringBuilder y, String key, Optional<String> value) {
        value.ifPresent(v -> y.append("    ").append(key).append(": ").append(quote(v)).append("\n"));
    }

    /** A YAML double-quoted scalar (JSON's escaping, which YAML reads). */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    static String cell(String s) {
        return oneLine(s).replace("|", "\\|");
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
