package io.smartspec.slo.spec;

import io.smartspec.slo.SpecFixtures;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.smartspec.slo.SpecFixtures.md;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class NfrTableErrorsTest {

    private static final String ACCEPTED_UNITS = "ns, us, µs, ms, s, m, min, h, %, ratio (a fraction 0..1), rps, /s, /min, or no unit";

    /** A spec whose only row (line 4) has these cells. */
    private static String specWithRow(String metric, String target, String priority, String window) {
        return md("## Non-Functional Requirements",
                "| Requirement | Metric | Target | Priority | Window |",
                "|---|---|---|---|---|",
                "| p99 Latency | " + metric + " | " + target + " | " + priority + " | " + window + " |");
    }

    static Stream<Arguments> unreadableRows() {
        String m = "`api_latency_p99`";
        return Stream.of(
                arguments(m, "", "", "",
                        "spec.md:4: api_latency_p99: Target is empty; expected a comparison and a number with a unit, "
                                + "e.g. < 200ms, >= 99.9%, < 1000 rps"),
                arguments(m, "fast", "", "",
                        "spec.md:4: api_latency_p99: Target 'fast' does not start with a comparison; expected one of "
                                + "<, <=, ≤, >, >=, ≥ and a number with a unit, e.g. < 200ms, >= 99.9%, < 1000 rps"),
                arguments(m, "200ms", "", "",
                        "spec.md:4: api_latency_p99: Target '200ms' does not start with a comparison; expected one of "
                                + "<, <=, ≤, >, >=, ≥ and a number with a unit, e.g. '< 200ms' or '>= 200ms'"),
                arguments(m, "= 200ms", "", "",
                        "spec.md:4: api_latency_p99: Target '= 200ms': comparison '=' is unknown; expected one of "
                                + "<, <=, ≤, >, >=, ≥"),
                arguments(m, "!= 0", "", "",
                        "spec.md:4: api_latency_p99: Target '!= 0': comparison '!=' is unknown; expected one of "
                                + "<, <=, ≤, >, >=, ≥"),
                arguments(m, "<", "", "",
                        "spec.md:4: api_latency_p99: Target '<' has no value after '<'; expected a number with a unit, "
                                + "e.g. < 200ms"),
                arguments(m, "< fast", "", "",
                        "spec.md:4: api_latency_p99: Target '< fast': 'fast' is not a number with a unit; expected e.g. "
                                + "200ms, 0.2 s, 99.9%, 1000 rps"),
                arguments(m, "< 200 parsecs", "", "",
                        "spec.md:4: api_latency_p99: Target '< 200 parsecs': unit 'parsecs' is unknown; accepted: "
                                + ACCEPTED_UNITS),
                arguments(m, "> 120%", "", "",
                        "spec.md:4: api_latency_p99: Target '> 120%': 120 % is more than 100%; expected a percentage "
                                + "between 0% and 100%"),
                arguments(m, "< -5ms", "", "",
                        "spec.md:4: api_latency_p99: Target '< -5ms': -5 ms is negative; expected a value of 0 or more"),
                arguments(m, "< 1,00,0 rps", "", "",
                        "spec.md:4: api_latency_p99: Target '< 1,00,0 rps': '1,00,0' is not a number; expected e.g. "
                                + "1000, 1,000 or 99.9"),
                arguments(m, "< 200ms", "urgent", "",
                        "spec.md:4: api_latency_p99: Priority 'urgent' is unknown; expected P0, P1, P2 or P3"),
                arguments(m, "< 200ms", "", "30 dayz",
                        "spec.md:4: api_latency_p99: Window '30 dayz' is not a window; expected a rolling window (a "
                                + "number followed by s, m, h, d or w (e.g. 5m, 1h, 30d, 4w)) or a calendar period "
                                + "(calendar day, calendar week, calendar month, calendar quarter or calendar year)"),
                arguments(m, "< 200ms", "", "calendar fortnight",
                        "spec.md:4: api_latency_p99: Window 'calendar fortnight' is not a window; expected a rolling "
                                + "window (a number followed by s, m, h, d or w (e.g. 5m, 1h, 30d, 4w)) or a calendar "
                                + "period (calendar day, calendar week, calendar month, calendar quarter or calendar "
                                + "year)"),
                arguments(m, "< 200ms", "", "calendar month (Mars/Olympus)",
                        "spec.md:4: api_latency_p99: Window 'calendar month (Mars/Olympus)' is not a window; expected "
                                + "a rolling window (a number followed by s, m, h, d or w (e.g. 5m, 1h, 30d, 4w)) or a "
                                + "calendar period (calendar day, calendar week, calendar month, calendar quarter or "
                                + "calendar year) (window 'calendar month (Mars/Olympus)' is not valid: time zone "
                                + "'Mars/Olympus' is unknown; expected a region such as Europe/Berlin or UTC)"),
                arguments("`api latency`", "< 200ms", "", "",
                        "spec.md:4: 'p99 Latency': Metric 'api latency' is not a metric name; expected one name of "
                                + "letters, digits, '_', '.', ':' or '-', e.g. api_latency_p99"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("unreadableRows")
    void anUnreadableRowIsAnErrorNamingTheFileLineCellAndWhatIsAccepted(String metric, String target,
                                                                        String priority, String window,
                                                                        String expected) {
        // given
        String spec = specWithRow(metric, target, priority, window);

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> NfrTable.parse("spec.md", spec));

        // then
        assertThat(e.getMessage()).isEqualTo("1 problem found:\n  " + expected);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.file()).isEqualTo("spec.md");
            assertThat(p.line()).isEqualTo(4);
        });
    }

    static Stream<Arguments> unusableSpecs() {
        return Stream.of(
                arguments(md("# Service", "", "## Overview", "", "| Metric | Target |", "|---|---|", "| `m` | < 1s |"),
                        "spec.md: no Non-Functional Requirements section; expected a heading containing "
                                + "'Non-Functional Requirements', 'Non Functional Requirements' or 'NFR', followed by "
                                + "a table such as | Category | Requirement | Metric | Target |"),
                arguments(md("# Service", "", "## 4. Non-Functional Requirements", "", "Fast and reliable.", "",
                                "## 5. Rollout", "| Metric | Target |", "|---|---|", "| `m` | < 1s |"),
                        "spec.md:3: section '4. Non-Functional Requirements' has no table with Metric and Target "
                                + "columns; expected a table such as | Category | Requirement | Metric | Target |"),
                arguments(md("### Non-Functional Requirements", "", "```markdown", "| Metric | Target |", "|---|---|",
                                "| `m` | < 1s |", "```"),
                        "spec.md:1: section 'Non-Functional Requirements' has no table with Metric and Target "
                                + "columns; expected a table such as | Category | Requirement | Metric | Target | "
                                + "(the table in the code block at line 3 is not read: code blocks are examples)"),
                arguments(md("## NFR", "| Requirement | Metric |", "|---|---|", "| p99 | `m` |"),
                        "spec.md:2: NFR table has no Target column; expected a column named Target, SLO, Threshold "
                                + "or Objective (columns: Requirement, Metric)"),
                arguments(md("## NFR", "| Requirement | Target |", "|---|---|", "| p99 | < 1s |"),
                        "spec.md:2: NFR table has no Metric column; expected a column named Metric, Metric name or "
                                + "SLI (columns: Requirement, Target)"),
                arguments(md("## NFR", "| Metric | SLI | Target |", "|---|---|---|", "| `m` | `n` | < 1s |"),
                        "spec.md:2: NFR table has two Metric columns, 'Metric' and 'SLI'; keep one"),
                arguments(md("## NFR", "| Metric | Target |", "|---|---|", "| `m` | < 1s |", "| `m` | < 2s |"),
                        "spec.md:5: m: metric is already used on line 4; a metric can have only one target "
                                + "(its SLO is named after it)"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("unusableSpecs")
    void aSpecWithoutAUsableNfrTableIsAClearError(String spec, String expected) {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> NfrTable.parse("spec.md", spec));

        // then
        assertThat(e.getMessage()).isEqualTo("1 problem found:\n  " + expected);
    }

    @Test
    void everyErrorOfTheFileIsReportedAtOnceInFileOrder() {
        // given a spec with four broken rows, a duplicate and a row without metric
        String spec = SpecFixtures.text("broken/spec.md");

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> NfrTable.parse("spec.md", spec));

        // then the message is what an engineer reads in the console
        assertThat(e.getMessage()).isEqualTo(SpecFixtures.text("broken/expected-errors.txt").stripTrailing());
        assertThat(e.problems()).filteredOn(p -> !p.isError()).extracting(Problem::toString)
                .containsExactly("spec.md:11: 'Encrypt data at rest' has no metric; skipped");
        assertThat(e.problems()).extracting(Problem::line).containsExactly(7, 8, 9, 10, 11, 12);
    }

    @Test
    void aRowWithSeveralMistakesReportsEachOfThem() {
        // given
        String spec = specWithRow("`api latency`", "fast", "P9", "");

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> NfrTable.parse("spec.md", spec));

        // then
        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                "'p99 Latency': Metric 'api latency' is not a metric name; expected one name of letters, digits, "
                        + "'_', '.', ':' or '-', e.g. api_latency_p99",
                "'p99 Latency': Target 'fast' does not start with a comparison; expected one of <, <=, ≤, >, >=, ≥ "
                        + "and a number with a unit, e.g. < 200ms, >= 99.9%, < 1000 rps",
                "'p99 Latency': Priority 'P9' is unknown; expected P0, P1, P2 or P3");
    }

    @Test
    void theTargetColumnIsNamedAsTheTableNamesIt() {
        // given
        String spec = md("## NFR", "| SLI | SLO |", "|---|---|", "| `m` | soon |");

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> NfrTable.parse("spec.md", spec));

        // then
        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                "m: SLO 'soon' does not start with a comparison; expected one of <, <=, ≤, >, >=, ≥ and a number "
                        + "with a unit, e.g. < 200ms, >= 99.9%, < 1000 rps");
    }

    @Test
    void aMissingFileIsAnErrorNamingThePath(@TempDir Path dir) {
        // given
        Path missing = dir.resolve("spec.md");

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> NfrTable.parse(missing));

        // then
        assertThat(e.getMessage()).isEqualTo("1 problem found:\n  " + missing + ": file not found");
    }

    @Test
    void aDirectoryIsNotASpec(@TempDir Path dir) {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> NfrTable.parse(dir));

        // then
        assertThat(e.getMessage())
                .isEqualTo("1 problem found:\n  " + dir + ": is a directory; expected the spec.md file itself");
    }

    @Test
    void aFileThatIsNotUtf8IsAnError(@TempDir Path dir) throws IOException {
        // given
        Path spec = dir.resolve("spec.md");
        Files.write(spec, new byte[]{'#', ' ', 'N', 'F', 'R', '\n', (byte) 0xC3, (byte) 0x28});

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> NfrTable.parse(spec));

        // then
        assertThat(e.getMessage()).isEqualTo("1 problem found:\n  " + spec + ": is not UTF-8 text; save it as UTF-8");
    }

    @Test
    void problemsOfAFileReadFromDiskNameThePathAsGiven(@TempDir Path dir) throws IOException {
        // given
        Path spec = dir.resolve("spec.md");
        Files.writeString(spec, specWithRow("`m`", "fast", "", ""));

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> NfrTable.parse(spec));

        // then
        assertThat(e.problems()).extracting(Problem::file).containsExactly(spec.toString());
        assertThat(e.problems().get(0).toString()).startsWith(spec + ":4: m: Target 'fast'");
    }
}
