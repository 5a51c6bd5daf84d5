package io.smartspec.slo.internal.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The columns of an NFR table that the parser reads, each with the headers that name it. */
enum Column {
    METRIC("Metric", List.of("metric", "metrics", "metric name", "sli")),
    TARGET("Target", List.of("target", "slo", "threshold", "objective")),
    REQUIREMENT("Requirement", List.of("requirement", "name")),
    CATEGORY("Category", List.of("category")),
    PRIORITY("Priority", List.of("priority", "severity")),
    WINDOW("Window", List.of("window")),
    BUDGET("Budget", List.of("budget", "budgeting", "error budget")),
    RUNBOOK("Runbook", List.of("runbook", "runbook url", "runbook link"));

    private final String title;
    private final List<String> aliases;

    Column(String title, List<String> aliases) {
        this.title = title;
        this.aliases = aliases;
    }

    String title() {
        return title;
    }

    /** {@code Metric, Metric name or SLI}, for messages. */
    String accepted() {
        List<String> names = aliases.stream().filter(a -> !a.equals("metrics") && !a.equals("runbook link"))
                .map(Column::capitalize).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The column a header names: case-insensitive, spaces, '-' and '_' alike, a trailing ':' ignored. */
    static Optional<Column> of(String header) {
        String h = header.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ").replaceAll("\\s*:$", "").trim();
        for (Column c : values()) {
            if (c.aliases.contains(h)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static String capitalize(String s) {
        return s.equals("slo") || s.equals("sli") ? s.toUpperCase(Locale.ROOT)
                : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
