package io.smartspec.slo.spec;

import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.internal.spec.NfrParser;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Non-Functional Requirements of a SmartSpec {@code spec.md}: every row of the NFR section's
 * tables that names a metric and a target.
 *
 * <pre>{@code
 * NfrTable nfrs = NfrTable.parse(Path.of("specs/checkout/spec.md"));
 * for (NfrRow row : nfrs.rows()) {
 *     System.out.println(row.metric() + " " + row.target());   // api_latency_p99 < 200 ms
 * }
 * nfrs.warnings().forEach(System.out::println);               // spec.md:14: 'Encrypt data at rest' has no metric; skipped
 * }</pre>
 *
 * <p>The rules:
 * <ul>
 *   <li>The NFR section is every heading (any level, any case, numbered or not) whose text contains
 *       "Non-Functional Requirements", "Non Functional Requirements" or the word "NFR"/"NFRs". It runs to
 *       the next heading of the same or a higher level, so its sub-sections belong to it. Tables
 *       anywhere else are ignored.</li>
 *   <li>Columns are found by header, case-insensitive, in any order; other columns are ignored:
 *       Metric (Metric name, SLI), Target (SLO, Threshold, Objective), Requirement (Name), Category,
 *       Priority (Severity: P0..P3), Window ({@code 30d}) and Runbook. Metric and Target are required.</li>
 *   <li>Targets are a comparison ({@code <, <=, ≤, >, >=, ≥}) and a number with a unit, with or
 *       without spaces: {@code < 200ms}, {@code <=0.2 s}, {@code ≥ 99.9 %}, {@code < 1000 rps}.</li>
 *   <li>A row with no metric (empty, {@code -}, {@code n/a}, {@code TBD}) is skipped with a warning.</li>
 *   <li>Everything else that is wrong is an error; all errors of the file are reported together, by
 *       one {@link SloValidationException}, each as {@code spec.md:LINE: message}.</li>
 * </ul>
 *
 * @param file     the file name used in problems ({@code spec.md}, or the path as given)
 * @param line     the line of the NFR section's heading
 * @param heading  the NFR section's heading text: {@code 4. Non-Functional Requirements}
 * @param rows     the monitorable rows, in file order
 * @param warnings rows that were skipped and tables that were ignored, in file order
 * @since 0.1.0
 */
public record NfrTable(String file, int line, String heading, List<NfrRow> rows, List<Problem> warnings) {

    public NfrTable {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(heading, "heading");
        rows = List.copyOf(rows);
        warnings = Problem.collapse(warnings);
    }

    /**
     * Reads the NFR table of a spec.md file. Problems name the file as the path is given.
     *
     * @throws SloValidationException listing every error (and the warnings) when the file is missing or
     *                                unreadable, has no NFR table, or has rows that cannot be read
     */
    public static NfrTable parse(Path specMd) {
        return NfrParser.parse(specMd);
    }

    /**
     * Reads the NFR table of a spec.md's text.
     *
     * @param fileName the name used in problems, e.g. {@code spec.md}
     * @throws SloValidationException listing every error (and the warnings) when there is no NFR table or
     *                                rows cannot be read
     */
    public static NfrTable parse(String fileName, String markdown) {
        return NfrParser.parse(fileName, markdown);
    }

    /** The row of a metric. */
    public Optional<NfrRow> row(String metric) {
        return rows.stream().filter(r -> r.metric().equals(metric)).findFirst();
    }

    /** The metrics of the rows, in file order. */
    public List<String> metrics() {
        return rows.stream().map(NfrRow::metric).toList();
    }
}
