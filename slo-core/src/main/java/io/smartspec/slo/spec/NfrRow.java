package io.smartspec.slo.spec;

import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloWindow;
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
 * @param window      the Window cell, when present: {@code 30d}, {@code calendar month} (in the spec's
 *                    {@code timezone:}, UTC unless its front matter says otherwise)
 * @param runbook     the Runbook cell (a link's destination, or the cell's text), when present
 * @param budget      the Budget cell, when it counts time slices: {@code 99% of 1m slices}
 * @param cells       every cell of the row by its column header as written, in column order; the
 *                    values are the cells' markdown source, trimmed
 * @since 0.1.0
 */
public record NfrRow(int line, String category, String requirement, String metric, Objective target,
                     Optional<Priority> priority, Optional<SloWindow> window, Optional<String> runbook,
                     Optional<Budget> budget, Map<String, String> cells) {

    public NfrRow {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(budget, "budget");
        cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }

    /**
     * A Budget cell that counts time slices: {@code 99% of 1m slices} (a slice is good when it meets the row's
     * Target; {@code share} of them must be good) or {@code mean of 5m slices} (a ratio's SLI is the mean of its
     * slices' ratios; no share).
     *
     * @since 0.1.0
     */
    public record Budget(Duration slice, Optional<Quantity> share) {
        public Budget {
            Objects.requireNonNull(slice, "slice");
            Objects.requireNonNull(share, "share");
        }

        @Override
        public String toString() {
            return share.map(s -> s + " of ").orElse("mean of ") + io.smartspec.slo.Windows.format(slice) + " slices";
        }
    }

    /** The requirement, or the metric when the row names no requirement: for messages and descriptions. */
    public String title() {
        return requirement.isEmpty() ? metric : requirement;
    }

    /** {@code line 14: api_latency_p99 < 200 ms (p99 Latency)}. */
    @Override
    public String toString() {
        return "line " + line + ": " + metric + " " + target
                + budget.map(b -> " in " + b).orElse("")
                + window.map(w -> " over " + w.describe()).orElse("")
                + priority.map(p -> " " + p).orElse("")
                + (requirement.isEmpty() ? "" : " (" + requirement + ")");
    }
}
