package io.smartspec.slo.internal.spec;

import io.smartspec.slo.Slo;

import io.smartspec.slo.spec.NfrRow;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.internal.config.InputLimits;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.SloWindow;
import java.time.ZoneId;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the NFR tables of a spec.md with commonmark and its GFM tables extension. See {@link NfrTable}
 * for the rules. Collects every problem of the file before it fails.
 */
public final class NfrParser {

    /** What a heading of the NFR section contains. */
    static final Pattern NFR_HEADING = Pattern.compile(
            "non[\\s\\-\u2010\u2011\u2013]?functional\\s+requirements?|\\bnfrs?\\b", Pattern.CASE_INSENSITIVE);

    static final String EXPECTED_HEADING = "a heading containing 'Non-Functional Requirements', "
            + "'Non Functional Requirements' or 'NFR'";
    static final String EXAMPLE_TABLE = "| Category | Requirement | Metric | Target |";

    /** Metric cells that say there is no metric. */
    private static final Set<String> NO_METRIC = Set.of("", "-", "--", "—", "–", "n/a", "na", "none", "tbd", "todo", "?");

    /** A metric name: what an SLO may be named after. */
    private static final Pattern METRIC_NAME = Slo.NAME;

    /** The first line of a YAML front matter block: {@code key: value}. */
    private static final Pattern FRONT_MATTER_KEY = Pattern.compile("^[A-Za-z0-9_\"'-]+\\s*:");

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .build();

    private NfrParser() {
    }

    public static NfrTable parse(Path specMd) {
        String file = specMd.toString();
        if (Files.isDirectory(specMd)) {
            throw fail(Problem.error(file, 0, "is a directory; expected the spec.md file itself"));
        }
        if (!Files.exists(specMd)) {
            throw fail(Problem.error(file, 0, "file not found"
                    + (specMd.isAbsolute() ? "" : " (looked in " + specMd.toAbsolutePath() + ")")));
        }
        InputLimits.checkSize(file, specMd).ifPresent(p -> {
            throw fail(p);
        });
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(specMd);
        } catch (IOException e) {
            throw fail(Problem.error(file, 0, "cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
        String markdown;
        try {
            markdown = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(Problem.error(file, 0, "is not UTF-8 text; save it as UTF-8"));
        }
        return parse(file, markdown);
    }

    public static NfrTable parse(String fileName, String markdown) {
        InputLimits.checkLength(fileName, markdown).ifPresent(p -> {
            throw fail(p);
        });
        long tableLines = markdown.lines().filter(l -> l.stripLeading().startsWith("|")).count();
        long maxTableLines = (long) InputLimits.maxNfrRows() * InputLimits.TABLE_LINES_PER_NFR_ROW;
        if (tableLines > maxTableLines) {
            // before commonmark builds a node per cell of them
            throw fail(InputLimits.tooManyRows(fileName, 0, "has " + InputLimits.format(tableLines)
                    + " table lines, more than " + InputLimits.format(maxTableLines) + " ("
                    + InputLimits.TABLE_LINES_PER_NFR_ROW + " per NFR row allowed)"));
        }
        List<Problem> zoneProblems = new ArrayList<>();
        ZoneId zone = FrontMatter.timezone(fileName, markdown, zoneProblems);
        if (!zoneProblems.isEmpty()) {
            throw new SloValidationException(zoneProblems);
        }
        return new Run(fileName, prepare(markdown), zone).parse();
    }

    /**
     * Drops a byte-order mark and blanks a YAML front matter block (keeping its lines, so line numbers
     * stay right): commonmark would read its closing {@code ---} as a heading underline.
     */
    static String prepare(String markdown) {
        String s = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        if (s.startsWith("---\n") || s.startsWith("---\r\n")) {
            String[] lines = s.split("\n", -1);
            if (lines.length < 2 || !FRONT_MATTER_KEY.matcher(lines[1]).find()) {
                return s;
            }
            for (int i = 1; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.startsWith("|")) {
                    return s;
                }
                if (l.equals("---") || l.equals("...")) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j <= i; j++) {
                        sb.append(lines[j].endsWith("\r") ? "\r\n" : "\n");
                    }
                    return sb + String.join("\n", Arrays.copyOfRange(lines, i + 1, lines.length));
                }
            }
        }
        return s;
    }

    private static SloValidationException fail(Problem problem) {
        return new SloValidationException(List.of(problem));
    }

    /** One parse of one file: its problems and rows. */
    private static final class Run {
        private final String file;
        private final String markdown;
        private final List<Problem> problems = new ArrayList<>();
        private final List<NfrRow> rows = new ArrayList<>();
        private final Map<String, Integer> metricLines = new HashMap<>();
        private int usableTables;
        private int nfrRows;
        private int tableInCodeBlock;

        private final ZoneId zone;

        Run(String file, String markdown, ZoneId zone) {
            this.file = file;
            this.markdown = markdown;
            this.zone = zone;
        }

        NfrTable parse() {
            Node document = PARSER.parse(markdown);
            Heading first = null;
            Heading section = null;
            for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
                if (node instanceof Heading heading) {
                    if (section != null && heading.getLevel() <= section.getLevel()) {
                        section = null;
                    }
                    if (section == null && NFR_HEADING.matcher(Cells.text(heading)).find()) {
                        section = heading;
                        first = first == null ? heading : first;
                    }
                } else if (section != null) {
                    tablesIn(node);
                }
            }
            if (first == null) {
                problems.add(Problem.error(file, 0, "no Non-Functional Requirements section; expected "
                        + EXPECTED_HEADING + ", followed by a table such as " + EXAMPLE_TABLE));
            } else if (usableTables == 0) {
                problems.add(Problem.error(file, Cells.line(first), "section '" + Cells.text(first)
                        + "' has no table with Metric and Target columns; expected a table such as "
                        + EXAMPLE_TABLE + (tableInCodeBlock == 0 ? "" : " (the table in the code block at line "
                        + tableInCodeBlock + " is not read: code blocks are examples)")));
            }
            if (problems.stream().anyMatch(Problem::isError)) {
                throw new SloValidationException(problems);
            }
            if (rows.isEmpty()) {
                problems.add(Problem.warning(file, Cells.line(first), "section '" + Cells.text(first)
                        + "' has no row with a metric; there is nothing to monitor"));
            }
            return new NfrTable(file, Cells.line(first), Cells.text(first), rows, problems);
        }

        private void tablesIn(Node node) {
            if (node instanceof TableBlock table) {
                table(table);
                return;
            }
            if (node instanceof FencedCodeBlock code && tableInCodeBlock == 0
                    && code.getLiteral().lines().anyMatch(l -> l.strip().startsWith("|"))) {
                tableInCodeBlock = Cells.line(code);
            }
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                tablesIn(child);
            }
        }

        private void table(TableBlock table) {
            TableRow header = null;
            List<TableRow> body = new ArrayList<>();
            for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
                if (part instanceof TableHead head && head.getFirstChild() instanceof TableRow row) {
                    header = row;
                } else if (part instanceof TableBody) {
                    for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                        if (row instanceof TableRow r) {
                            body.add(r);
                        }
                    }
                }
            }
            if (header == null) {
                return;
            }
            int headerLine = Cells.line(header);
            List<String> headers = cells(header).stream().map(Cells::text).toList();
            Map<Column, Integer> columns = new EnumMap<>(Column.class);
            boolean columnsOk = true;
            for (int i = 0; i < headers.size(); i++) {
                Optional<Column> column = Column.of(headers.get(i));
                if (column.isEmpty()) {
                    continue;
                }
                Integer earlier = columns.putIfAbsent(column.get(), i);
                if (earlier != null) {
                    problems.add(Problem.error(file, headerLine, "NFR table has two " + column.get().title()
                            + " columns, '" + headers.get(earlier) + "' and '" + headers.get(i) + "'; keep one"));
                    columnsOk = false;
                }
            }
            boolean hasMetric = columns.containsKey(Column.METRIC);
            boolean hasTarget = columns.containsKey(Column.TARGET);
            if (!hasMetric && !hasTarget) {
                problems.add(Problem.warning(file, headerLine, "table has no Metric and no Target column; ignored "
                        + "(columns: " + String.join(", ", headers) + ")"));
                return;
            }
            usableTables++;
            for (Column required : List.of(Column.METRIC, Column.TARGET)) {
                if (!columns.containsKey(required)) {
                    problems.add(Problem.error(file, headerLine, "NFR table has no " + required.title()
                            + " column; expected a column named " + required.accepted() + " (columns: "
                            + String.join(", ", headers) + ")"));
                    columnsOk = false;
                }
            }
            if (!columnsOk) {
                return;
            }
            for (TableRow row : body) {
                if (nfrRows++ == InputLimits.maxNfrRows()) {
                    problems.add(InputLimits.tooManyRows(file, Cells.line(row), "the NFR section has more than "
                            + InputLimits.format(InputLimits.maxNfrRows()) + " rows (this is row "
                            + InputLimits.format(nfrRows) + ")"));
                }
                if (nfrRows > InputLimits.maxNfrRows()) {
                    return;
                }
                row(row, headers, columns);
            }
        }

        private void row(TableRow row, List<String> headers, Map<Column, Integer> columns) {
            int line = Cells.line(row);
            List<TableCell> cells = cells(row);
            Map<String, String> raw = new LinkedHashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                raw.putIfAbsent(headers.get(i).isEmpty() ? "column " + (i + 1) : headers.get(i),
                        i < cells.size() ? Cells.source(cells.get(i), markdown) : "");
            }
            String category = text(cells, columns, Column.CATEGORY);
            String requirement = text(cells, columns, Column.REQUIREMENT);
            String metric = text(cells, columns, Column.METRIC);
            if (NO_METRIC.contains(metric.toLowerCase(Locale.ROOT))) {
                if (!(category + requirement + text(cells, columns, Column.TARGET)).isEmpty()) {
                    String title = !requirement.isEmpty() ? requirement : category;
                    problems.add(Problem.warning(file, line,
                            (title.isEmpty() ? "row" : "'" + title + "'") + " has no metric; skipped"));
                }
                return;
            }
            int before = problems.size();
            String subject = metric;
            if (!METRIC_NAME.matcher(metric).matches()) {
                subject = requirement.isEmpty() ? "row" : "'" + requirement + "'";
                problems.add(Problem.error(file, line, subject + ": " + headers.get(columns.get(Column.METRIC))
                        + " '" + metric + "' is not a metric name; expected one name of letters, digits, "
                        + "'_', '.', ':' or '-', e.g. api_latency_p99"));
            } else {
                Integer earlier = metricLines.putIfAbsent(metric, line);
                if (earlier != null) {
                    problems.add(Problem.error(file, line, metric + ": metric is already used on line " + earlier
                            + "; a metric can have only one target (its SLO is named after it)"));
                }
            }
            Objective target = null;
            try {
                target = TargetParser.parse(headers.get(columns.get(Column.TARGET)),
                        text(cells, columns, Column.TARGET));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(file, line, subject + ": " + e.getMessage()));
            }
            Optional<Priority> priority = Optional.empty();
            String priorityText = text(cells, columns, Column.PRIORITY);
            if (!priorityText.isEmpty()) {
                priority = Priority.parse(priorityText);
                if (priority.isEmpty()) {
                    problems.add(Problem.error(file, line, subject + ": " + header(headers, columns, Column.PRIORITY)
                            + " '" + priorityText + "' is unknown; expected P0, P1, P2 or P3"));
                }
            }
            Optional<SloWindow> window = Optional.empty();
            String windowText = text(cells, columns, Column.WINDOW);
            if (!windowText.isEmpty()) {
                try {
                    window = Optional.of(SloWindow.parse(windowText, zone));
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.error(file, line, subject + ": " + header(headers, columns, Column.WINDOW)
                            + " '" + windowText + "' is not a window; expected " + SloWindow.ACCEPTED
                            + (e.getMessage().contains("time zone") ? " (" + e.getMessage() + ")" : "")));
                }
            }
            Optional<NfrRow.Budget> budget = Optional.empty();
            String budgetText = text(cells, columns, Column.BUDGET);
            if (!budgetText.isEmpty()) {
                try {
                    budget = BudgetCell.parse(budgetText);
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.error(file, line, subject + ": " + header(headers, columns, Column.BUDGET)
                            + " '" + budgetText + "' " + e.getMessage()));
                }
            }
            Optional<String> runbook = Optional.empty();
            if (columns.containsKey(Column.RUNBOOK) && columns.get(Column.RUNBOOK) < cells.size()) {
                TableCell cell = cells.get(columns.get(Column.RUNBOOK));
                runbook = Cells.firstLink(cell).or(() -> Optional.of(Cells.text(cell)).filter(s -> !s.isEmpty()));
            }
            if (problems.size() == before) {
                rows.add(new NfrRow(line, category, requirement, metric, target, priority, window, runbook, budget,
                        raw));
            }
        }

        private static String header(List<String> headers, Map<Column, Integer> columns, Column column) {
            return headers.get(columns.get(column));
        }

        private static String text(List<TableCell> cells, Map<Column, Integer> columns, Column column) {
            Integer i = columns.get(column);
            return i == null || i >= cells.size() ? "" : Cells.text(cells.get(i));
        }

        private static List<TableCell> cells(TableRow row) {
            List<TableCell> cells = new ArrayList<>();
            for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                if (cell instanceof TableCell c) {
                    cells.add(c);
                }
            }
            return cells;
        }
    }
}
