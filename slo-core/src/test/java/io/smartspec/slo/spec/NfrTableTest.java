package io.smartspec.slo.spec;

import io.smartspec.slo.SpecFixtures;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Operator;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.smartspec.slo.SpecFixtures.md;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NfrTableTest {

    private static final String SEED_TABLE = """
            | Category | Requirement | Metric | Target |
            |---|---|---|---|
            | Performance | p99 Latency | `api_latency_p99` | < 200ms |
            """;

    @Test
    void theSeedsNfrTableParsesVerbatim() {
        // given the NFR section of the SmartSpec seed, unchanged
        Path spec = SpecFixtures.path("seed/spec.md");

        // when
        NfrTable table = NfrTable.parse(spec);

        // then
        assertThat(table.heading()).isEqualTo("Non-Functional Requirements");
        assertThat(table.line()).isEqualTo(1);
        assertThat(table.warnings()).isEmpty();
        assertThat(table.rows()).containsExactly(
                new NfrRow(5, "Performance", "p99 Latency", "api_latency_p99",
                        Objective.of(Operator.LESS_THAN, Quantity.millis(200)), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of("Category", "Performance", "Requirement", "p99 Latency",
                        "Metric", "`api_latency_p99`", "Target", "< 200ms")),
                new NfrRow(6, "Reliability", "Error Rate", "api_error_rate",
                        Objective.of(Operator.LESS_THAN, Quantity.percent(0.1)), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of("Category", "Reliability", "Requirement", "Error Rate",
                        "Metric", "`api_error_rate`", "Target", "< 0.1%")),
                new NfrRow(7, "Availability", "Uptime", "api_uptime",
                        Objective.of(Operator.GREATER_THAN, Quantity.percent(99.9)), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of("Category", "Availability", "Requirement", "Uptime",
                        "Metric", "`api_uptime`", "Target", "> 99.9%")));
    }

    @Test
    void rawCellsKeepTheColumnOrderOfTheTable() {
        // when
        NfrRow row = NfrTable.parse(SpecFixtures.path("seed/spec.md")).rows().get(0);

        // then
        assertThat(row.cells().keySet()).containsExactly("Category", "Requirement", "Metric", "Target");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "### Non-Functional Requirements",
            "# Non-Functional Requirements",
            "###### non-functional requirements",
            "## 4. Non-Functional Requirements",
            "## 4.2. NON FUNCTIONAL REQUIREMENTS",
            "## Non Functional Requirements",
            "## Nonfunctional requirement",
            "## NFR",
            "## 5. NFRs",
            "## Quality attributes (NFR)",
            "## **Non-Functional Requirements**",
    })
    void theNfrSectionIsFoundUnderAnyHeadingThatNamesIt(String heading) {
        // given
        String spec = md("# Service", "", heading, "", SEED_TABLE);

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.line()).isEqualTo(3);
        assertThat(table.metrics()).containsExactly("api_latency_p99");
        assertThat(table.rows().get(0).line()).isEqualTo(7);
    }

    @Test
    void aSetextHeadingNamesTheSectionToo() {
        // given
        String spec = md("Non-Functional Requirements", "---------------------------", "", SEED_TABLE);

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.heading()).isEqualTo("Non-Functional Requirements");
        assertThat(table.rows()).extracting(NfrRow::line).containsExactly(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"## Confronting failures", "## Functional Requirements", "## Requirements"})
    void headingsThatMerelyResembleTheNfrSectionAreNotIt(String heading) {
        // given
        String spec = md("# Service", "", heading, "", SEED_TABLE);

        // when / then
        assertThatThrownBy(() -> NfrTable.parse("spec.md", spec))
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining("spec.md: no Non-Functional Requirements section");
    }

    @Test
    void theSectionIncludesItsSubSectionsAndIgnoresTablesElsewhere() {
        // given a realistic spec: a glossary and functional table before, a rollout table after
        Path spec = SpecFixtures.path("checkout/spec.md");

        // when
        NfrTable table = NfrTable.parse(spec);

        // then
        assertThat(table.heading()).isEqualTo("4. Non-Functional Requirements");
        assertThat(table.line()).isEqualTo(21);
        assertThat(table.rows()).extracting(NfrRow::line, NfrRow::metric).containsExactly(
                org.assertj.core.groups.Tuple.tuple(29, "checkout_latency_p99"),
                org.assertj.core.groups.Tuple.tuple(30, "checkout_throughput"),
                org.assertj.core.groups.Tuple.tuple(36, "checkout_availability"),
                org.assertj.core.groups.Tuple.tuple(37, "checkout_error_rate"));
    }

    @Test
    void theSectionEndsAtTheNextHeadingOfTheSameLevel() {
        // given
        String spec = md(
                "## NFR",                                    // 1
                "| Metric | Target |", "|---|---|",           // 2-3
                "| `inside` | < 1s |",                        // 4
                "### Details",                               // 5
                "| Metric | Target |", "|---|---|",           // 6-7
                "| `in_sub_section` | < 2s |",                // 8
                "## Rollout",                                // 9
                "| Metric | Target |", "|---|---|",           // 10-11
                "| `after` | < 3s |");                        // 12

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.metrics()).containsExactly("inside", "in_sub_section");
    }

    @Test
    void theSectionEndsAtTheNextHeadingOfAHigherLevel() {
        // given
        String spec = md(
                "### NFR",
                "| Metric | Target |", "|---|---|",
                "| `inside` | < 1s |",
                "# Appendix",
                "| Metric | Target |", "|---|---|",
                "| `after` | < 3s |");

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.metrics()).containsExactly("inside");
    }

    @Test
    void tablesInsideListsAndQuotesOfTheSectionAreRead() {
        // given
        String spec = md(
                "## NFR",
                "> | Metric | Target |",
                "> |---|---|",
                "> | `quoted` | < 1s |");

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.rows()).extracting(NfrRow::metric, NfrRow::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("quoted", 4));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "| Category | Requirement | Metric | Target |;                  Performance; p99 Latency",
            "| Target | Metric | Requirement | Category |;                  Performance; p99 Latency",
            "| category | REQUIREMENT | metric | target |;                  Performance; p99 Latency",
            "| Category | Name | Metric name | SLO |;                        Performance; p99 Latency",
            "| Category | Requirement | SLI | Threshold |;                   Performance; p99 Latency",
            "| Category | Requirement | metric_name | Objective |;           Performance; p99 Latency",
            "| Owner | Category | Requirement | Notes | Metric | Target |;   Performance; p99 Latency",
            "| Metric | Target |;                                            '';          ''",
    })
    void columnsAreFoundByTheirHeaderInAnyOrder(String header, String category, String requirement) {
        // given a row whose cells follow the header's columns
        String[] columns = header.substring(1, header.length() - 1).split("\\|");
        StringBuilder row = new StringBuilder("|");
        for (String column : columns) {
            row.append(' ').append(switch (column.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "category" -> "Performance";
                case "requirement", "name" -> "p99 Latency";
                case "metric", "metric name", "sli", "metric_name" -> "`api_latency_p99`";
                case "target", "slo", "threshold", "objective" -> "< 200ms";
                default -> "something else";
            }).append(" |");
        }
        String spec = md("## NFR", header, "|---".repeat(columns.length) + "|", row.toString());

        // when
        NfrRow parsed = NfrTable.parse("spec.md", spec).rows().get(0);

        // then
        assertThat(parsed.metric()).isEqualTo("api_latency_p99");
        assertThat(parsed.target()).isEqualTo(Objective.of(Operator.LESS_THAN, Quantity.millis(200)));
        assertThat(parsed.category()).isEqualTo(category);
        assertThat(parsed.requirement()).isEqualTo(requirement);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "< 200ms#       <#  200#    ms",
            "<200ms#        <#  200#    ms",
            "< 200 ms#      <#  200#    ms",
            "<= 0.2 s#      <=# 0.2#    s",
            "<=0.2s#        <=# 0.2#    s",
            "≤ 0.2 s#       <=# 0.2#    s",
            "≤0.2s#         <=# 0.2#    s",
            "&lt; 200ms#    <#  200#    ms",
            "> 99.9%#       >#  99.9#   %",
            ">99.9 %#       >#  99.9#   %",
            ">= 99.9 %#     >=# 99.9#   %",
            "≥ 99.95%#      >=# 99.95#  %",
            "< 0.1%#        <#  0.1#    %",
            "< 1000 rps#    <#  1000#   /s",
            "> 1,000 rps#   >#  1000#   /s",
            "< 50 req/s#    <#  50#     /s",
            "< 500 us#      <#  500#    us",
            "< 500µs#       <#  500#    us",
            "< 5m#          <#  5#      min",
            "< 2 h#         <#  2#      h",
            "< 0.001#       <#  0.001#  ''",
            "**< 200ms**#   <#  200#    ms",
            "`< 200ms`#     <#  200#    ms",
    })
    void everyTargetFormIsRead(String cell, String operator, double value, String unit) {
        // given
        String spec = md("## NFR", "| Metric | Target |", "|---|---|", "| `m` | " + cell + " |");

        // when
        Objective target = NfrTable.parse("spec.md", spec).rows().get(0).target();

        // then
        assertThat(target.operator()).isEqualTo(Operator.parse(operator).orElseThrow());
        assertThat(target.bound()).isEqualTo(Quantity.of(value, Unit.parse(unit).orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "`api_latency_p99`", "api_latency_p99", "**api_latency_p99**", " `api_latency_p99` ",
            "[`api_latency_p99`](https://grafana.example.com/d/api)"})
    void theMetricCellMayBeInBackticksOrPlainOrALink(String cell) {
        // given
        String spec = md("## NFR", "| Metric | Target |", "|---|---|", "| " + cell + " | < 1s |");

        // when
        NfrRow row = NfrTable.parse("spec.md", spec).rows().get(0);

        // then
        assertThat(row.metric()).isEqualTo("api_latency_p99");
        assertThat(row.cells()).containsEntry("Metric", cell.trim());
    }

    @Test
    void aTargetIsComparedInCanonicalUnitsWhateverItsSpelling() {
        // given
        String spec = md("## NFR", "| Metric | Target |", "|---|---|", "| `a` | < 200ms |", "| `b` | <0.2 s |");

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.rows().get(0).target().bound().canonicalValue())
                .isEqualTo(table.rows().get(1).target().bound().canonicalValue());
    }

    @Test
    void aRowWithoutAMetricIsSkippedWithAWarning() {
        // given
        String spec = md(
                "# Auth", "", "## NFR", "",                                        // 1-4
                "| Category | Requirement | Metric | Target |", "|---|---|---|---|", // 5-6
                "| Performance | p99 Latency | `api_latency_p99` | < 200ms |",     // 7
                "| Security | Encrypt data at rest | | AES-256 |",                  // 8
                "| Security | Rotate keys | n/a | yearly |",                       // 9
                "| Operability | Dashboards | TBD | |");                            // 10

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.metrics()).containsExactly("api_latency_p99");
        assertThat(table.warnings()).extracting(Problem::toString).containsExactly(
                "spec.md:8: 'Encrypt data at rest' has no metric; skipped",
                "spec.md:9: 'Rotate keys' has no metric; skipped",
                "spec.md:10: 'Dashboards' has no metric; skipped");
        assertThat(table.warnings()).noneMatch(Problem::isError);
    }

    @Test
    void anNfrTableWithoutAnyMonitorableRowIsAWarning() {
        // given
        String spec = md("# Service", "## 4. NFR", "| Requirement | Metric | Target |", "|---|---|---|",
                "| Encrypt data at rest | | AES-256 |");

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.rows()).isEmpty();
        assertThat(table.warnings()).extracting(Problem::toString).containsExactly(
                "spec.md:5: 'Encrypt data at rest' has no metric; skipped",
                "spec.md:2: section '4. NFR' has no row with a metric; there is nothing to monitor");
    }

    @Test
    void aTableOfTheSectionWithoutMetricOrTargetIsIgnoredWithAWarning() {
        // given
        String spec = md(
                "## NFR",
                "| Term | Meaning |", "|---|---|", "| p99 | 99th percentile |",
                "",
                "| Metric | Target |", "|---|---|", "| `m` | < 1s |");

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.metrics()).containsExactly("m");
        assertThat(table.warnings()).extracting(Problem::toString).containsExactly(
                "spec.md:2: table has no Metric and no Target column; ignored (columns: Term, Meaning)");
    }

    @Test
    void priorityWindowAndRunbookColumnsAreRead() {
        // given
        Path spec = SpecFixtures.path("checkout/spec.md");

        // when
        NfrTable table = NfrTable.parse(spec);

        // then
        NfrRow latency = table.row("checkout_latency_p99").orElseThrow();
        assertThat(latency.priority()).contains(Priority.P1);
        assertThat(latency.window()).isEmpty();
        NfrRow availability = table.row("checkout_availability").orElseThrow();
        assertThat(availability.priority()).isEmpty();
        assertThat(availability.window()).contains(io.smartspec.slo.SloWindow.rolling(Duration.ofDays(28)));
        assertThat(availability.runbook()).contains("https://runbooks.example.com/checkout/availability");
        assertThat(table.row("checkout_error_rate").orElseThrow().runbook()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "Priority; P0; P0", "Severity; p1; P1", "priority; P3; P3", "Priority; critical; P0"})
    void priorityIsReadFromPriorityOrSeverity(String header, String cell, Priority expected) {
        // given
        String spec = md("## NFR", "| Metric | Target | " + header + " |", "|---|---|---|",
                "| `m` | < 1s | " + cell + " |");

        // when
        NfrRow row = NfrTable.parse("spec.md", spec).rows().get(0);

        // then
        assertThat(row.priority()).contains(expected);
    }

    @Test
    void aBareUrlInTheRunbookColumnIsTheRunbook() {
        // given
        String spec = md("## NFR", "| Metric | Target | Runbook |", "|---|---|---|",
                "| `m` | < 1s | https://wiki.example.com/m |", "| `n` | < 1s | <https://wiki.example.com/n> |");

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.rows()).extracting(NfrRow::runbook).containsExactly(
                Optional.of("https://wiki.example.com/m"), Optional.of("https://wiki.example.com/n"));
    }

    @Test
    void lineNumbersAreTheSourceLinesEvenAfterFrontMatterAndWithWindowsLineEnds() {
        // given front matter (4 lines), CRLF line ends and a byte-order mark
        String spec = "\uFEFF---\r\nid: spec-1\r\nowner: team\r\n---\r\n# S\r\n\r\n## NFR\r\n\r\n"
                + "| Metric | Target |\r\n|---|---|\r\n| `a` | < 1s |\r\n| `b` | < 2s |\r\n";

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.line()).isEqualTo(7);
        assertThat(table.rows()).extracting(NfrRow::line).containsExactly(11, 12);
    }

    @Test
    void aLeadingThematicBreakIsNotMistakenForFrontMatter() {
        // given a spec that starts with a horizontal rule and has another one after the table
        String spec = md("---", "# Service", "## NFR", "| Metric | Target |", "|---|---|", "| `a` | < 1s |", "",
                "---");

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.rows()).extracting(NfrRow::metric, NfrRow::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 6));
    }

    @Test
    void severalNfrSectionsAreReadTogether() {
        // given
        String spec = md(
                "## NFR: performance", "| Metric | Target |", "|---|---|", "| `a` | < 1s |",
                "## Functional", "| Metric | Target |", "|---|---|", "| `x` | < 1s |",
                "## NFR: reliability", "| Metric | Target |", "|---|---|", "| `b` | > 99% |");

        // when
        NfrTable table = NfrTable.parse("spec.md", spec);

        // then
        assertThat(table.heading()).isEqualTo("NFR: performance");
        assertThat(table.metrics()).containsExactly("a", "b");
    }
}
