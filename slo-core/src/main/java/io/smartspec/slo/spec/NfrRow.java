package io.smartspec.slo.spec;

import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Windows;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One monitorable row of a spec's Non-Functional Requirements table: a metric and its target,
 * e.g. {@code | Performance | p99 Latency | `api_latency_p99` | < 200ms |}.
 *
 * @param line        the row's 1-based line in spec.md
 * @param category    the Category cell, or {@code ""} when the table has no such column
 * @param requirement the Requirement (or Name) cell, or {@code ""} when the table has no such column
 * @param metric      the Metric (or Metric name, SLI) cell without backticks: {@code api_latency_p99}
 * @param target      the Target (or SLO, Threshold, Objective) cell: {@code < 200 ms}
 * @param priority    the Priority (or Severity) cell, when present: {@code P1}
 * @param window      the Window cell, when present: {@code 30d}
 * @param runbook     the Runbook cell (a link's destination, or the cell's text), when present
 * @param cells       every cell of the row by its column header as written, in column order; the
 *                    values are the cells' markdown source, trimmed
 * @since 0.1.0
 */
public record NfrRow(int line, String category, String requirement, String metric, Objective target,
                     Optional<Priority> priority, Optional<Duration> window, Optional<String> runbook,
                     Map<String, String> cells) {

    public NfrRow {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(runbook, "runbook");
        cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }

    /** The requirement, or the metric when the row names no requirement: for messages and descriptions. */
    public String title() {
        return requirement.isEmpty() ? metric : requirement;
    }

    /** {@code line 14: api_latency_p99 < 200 ms (p99 Latency)}. */
    @Override
    public String toString() {
        return "line " + line + ": " + metric + " " + target
                + window.map(w -> " over " + Windows.format(w)).orElse("")
                + priority.map(p -> " " + p).orElse("")
                + (requirement.isEmpty() ? "" : " (" + requirement + ")");
    }
}
