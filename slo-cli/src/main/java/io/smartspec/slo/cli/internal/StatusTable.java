package io.smartspec.slo.cli.internal;

import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table an on-call engineer reads during an incident: one aligned row per SLO with its status,
 * value, objective, margin and error budget; green/yellow/red on a terminal, plain otherwise.
 */
public final class StatusTable {

    private static final String RESET = "\u001b[0m";

    private StatusTable() {
    }

    public static String render(String specId, EvaluationRound round, boolean color) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STATUS", "SLO", "VALUE", "OBJECTIVE", "MARGIN", "BUDGET LEFT", "DETAIL"});
        for (SloResult r : round.results()) {
            rows.add(new String[] {
                r.status().name(),
                r.name(),
                r.observed().map(Quantity::toString).orElse("-"),
                r.objectiveInFull(),
                r.margin().map(m -> margin(r, m)).orElse(""),
                r.errorBudget().map(StatusTable::budget).orElse(""),
                r.detail()
            });
        }
        int[] widths = new int[7];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(specId).append(" - evaluated ").append(round.evaluatedAt());
        if (!round.results().isEmpty()) {
            out.append(" (").append(round.results().get(0).source()).append(')');
        }
        out.append('\n');
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = i == row.length - 1 ? row[i] : pad(row[i], widths[i]);
                if (i == 0 && r > 0 && color) {
                    cell = colorOf(Status.valueOf(row[0])) + cell + RESET;
                }
                line.append(cell);
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(summary(round)).append('\n');
        return out.toString();
    }

    /** {@code 3 SLOs: 1 met, 1 at risk, 1 breached}. */
    public static String summary(EvaluationRound round) {
        Map<Status, Long> counts = round.countByStatus();
        List<String> parts = new ArrayList<>();
        counts.forEach((status, n) -> {
            if (n > 0) {
                parts.add(n + " " + status.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        });
        int total = round.results().size();
        return total + (total == 1 ? " SLO: " : " SLOs: ") + String.join(", ", parts);
    }

    /** {@code 50 ms headroom}; a miss in words from the result: {@code over by 13.4 ms}, {@code short by 1 %}. */
    static String margin(SloResult r, Quantity margin) {
        return margin.value() > 0 || r.status().isMet() ? margin + " headroom" : r.marginInWords().orElse("");
    }

    static String budget(ErrorBudget budget) {
        return Quantity.formatNumber(budget.remaining() * 100) + "%";
    }

    static String colorOf(Status status) {
        return switch (status) {
            case MET -> "\u001b[32m";
            case AT_RISK -> "\u001b[33m";
            case BREACHED -> "\u001b[1;31m";
            case NO_DATA, ERROR -> "\u001b[35m";
        };
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
