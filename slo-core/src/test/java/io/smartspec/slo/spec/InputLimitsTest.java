package io.smartspec.slo.spec;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.ObservabilityConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Huge and hostile inputs end in one clear error stating the limit, before the expensive parsing (issue 14). */
class InputLimitsTest {

    private static final String NFR_HEAD = "# S\n\n## Non-Functional Requirements\n\n"
            + "| Requirement | Metric | Target |\n|---|---|---|\n";
    private static final String YAML_HEAD = "provider: prometheus\nurl: http://127.0.0.1:9090\nmetrics:\n"
            + "  - name: m\n    query: up\n";

    @TempDir
    Path tmp;

    @Test
    void aFileLargerThanTheLimitIsRefusedWithTheLimitAndHowToRaiseIt() throws IOException {
        // given: a 2 MiB YAML string, which took seconds to reach its error before
        Path yaml = Files.writeString(tmp.resolve("observability.yaml"), YAML_HEAD + "    unit: \""
                + "x".repeat(2 << 20) + "\"\n");

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.load(yaml, Map.of()));

        // then
        assertThat(e.problems()).singleElement().extracting(Problem::message).asString()
                .startsWith("is " + String.format("%,d", Files.size(yaml)) + " bytes; the limit is 1,048,576")
                .contains("-Dsmartspec.slo.maxFileBytes=" + Files.size(yaml));
    }

    @Test
    void aSpecLargerThanTheLimitIsRefusedToo() throws IOException {
        Path spec = Files.writeString(tmp.resolve("spec.md"), NFR_HEAD + "| r | `m` | < 1 |\n" + "x".repeat(2 << 20));

        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> NfrTable.parse(spec));

        assertThat(e.problems()).singleElement().extracting(Problem::toString).asString()
                .startsWith(spec + ": is ").contains("the limit is 1,048,576");
    }

    @Test
    void moreNfrRowsThanTheLimitAreAnErrorOnTheFirstRowTooMany() {
        // given: 1,001 distinct rows
        StringBuilder md = new StringBuilder(NFR_HEAD);
        for (int i = 0; i < 1001; i++) {
            md.append("| r | `m").append(i).append("` | < 1 |\n");
        }

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> NfrTable.parse("spec.md", md.toString()));

        // then: row 1,001 is on line 7 + 1,000
        assertThat(e.problems()).filteredOn(Problem::isError).singleElement().extracting(Problem::toString)
                .asString().startsWith("spec.md:1007: the NFR section has more than 1,000 rows")
                .contains("the limit is 1,000 NFR rows", "-Dsmartspec.slo.maxNfrRows=N");
    }

    @Test
    void aHundredThousandTableLinesAreRefusedBeforeTheMarkdownIsParsed() {
        String md = NFR_HEAD + "| r | `m` | < 1 |\n".repeat(20_000);

        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> NfrTable.parse("spec.md", md));

        assertThat(e.problems()).singleElement().extracting(Problem::message).asString()
                .startsWith("has 20,002 table lines, more than 10,000");
    }

    @Test
    void yamlNestedDeeperThanTheLimitIsOneClearError() {
        String yaml = YAML_HEAD + "headers: " + "[".repeat(100) + "]".repeat(100) + "\n";

        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", yaml, Map.of()));

        assertThat(e.problems()).singleElement().extracting(Problem::message).asString()
                .isEqualTo("not valid YAML: nested deeper than the limit of 32 levels (an observability.yaml needs 4)");
    }

    @Test
    void aProblemRepeatedThousandsOfTimesIsListedOnceWithItsCount() {
        // given: the same metric listed 5,001 times
        String yaml = YAML_HEAD + "  - name: m\n    query: up\n".repeat(5_000);

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", yaml, Map.of()));

        // then
        assertThat(e.problems()).singleElement().extracting(Problem::toString).isEqualTo(
                "observability.yaml:6: metric 'm': listed twice (first on line 4); keep one (and 4,999 more like "
                        + "it, on lines 8, 10, 12, 14, 16, ...)");
        assertThat(e.getMessage().lines()).hasSize(2);
    }

    @Test
    void aProblemThatOccursOnceIsUnchanged() {
        Problem once = Problem.error("f", 3, "bad");
        Problem other = Problem.error("f", 4, "worse");

        assertThat(Problem.collapse(java.util.List.of(once, other))).containsExactly(once, other);
    }
}
