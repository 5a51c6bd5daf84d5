package io.smartspec.slo.config;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Templates of other tools are errors showing ours, never sent as they are (issue 14). */
class ForeignTemplatesTest {

    private static final Map<String, String> ENV = Map.of("MY_TOKEN", "tok-value-123");

    /** A file whose metric's query (a key the core reads) is {@code value}. */
    private static String yamlWithQuery(String value) {
        return "provider: micrometer\nmetrics:\n  - name: m\n    query: \"" + value + "\"\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "${MY_TOKEN}          | '${MY_TOKEN}' is not replaced here: environment variables are written {{env.MY_TOKEN}}",
            "$MY_TOKEN            | '$MY_TOKEN' is not replaced here: environment variables are written {{env.MY_TOKEN}}",
            "Bearer-$MY_TOKEN     | '$MY_TOKEN' is not replaced here: environment variables are written {{env.MY_TOKEN}}",
            "{{ENV.MY_TOKEN}}     | '{{ENV.MY_TOKEN}}' is not replaced here: environment variables are written {{env.MY_TOKEN}} (lower-case env)",
            "{{ Env.MY_TOKEN }}   | '{{Env.MY_TOKEN}}' is not replaced here: environment variables are written {{env.MY_TOKEN}} (lower-case env)",
            "${MY_TOKEN:-dflt}    | '${MY_TOKEN}' is not replaced here: environment variables are written {{env.MY_TOKEN:-default}}",
    })
    void aTemplateOfAnotherToolIsAnErrorShowingOurForm(String value, String expected) {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", yamlWithQuery(value), ENV));

        // then
        assertThat(e).as("'%s' must not be accepted", value).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactly("observability.yaml:4: metric 'm': "
                + "query: " + expected + "; a literal '$' is written '$$'");
        assertThat(e.getMessage()).doesNotContain("tok-value-123");
    }

    @Test
    void everyForeignTemplateOfAValueIsReportedAtOnce() {
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", yamlWithQuery("${A}/$B"), ENV));

        assertThat(e.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("'${A}'"))
                .anySatisfy(m -> assertThat(m).contains("'$B'"));
    }

    @Test
    void ourTemplateIsStillReplacedAndADoubledDollarIsALiteralDollar() {
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml",
                yamlWithQuery("{{env.MY_TOKEN}}-$$HOME"), ENV);

        assertThat(((MetricBinding.Threshold) config.metrics().get(0)).query()).isEqualTo("tok-value-123-$HOME");
    }

    @Test
    void dollarSignsThatNameNoVariableAreLeftAlone() {
        // a PromQL regex anchor and a capture reference name no variable
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", "provider: micrometer\n"
                + "metrics:\n  - name: m\n"
                + "    query: 'sum(rate(x{path=~\"/api/.*$\"}[5m])) + $1'\n", ENV);

        assertThat(((MetricBinding.Threshold) config.metrics().get(0)).query()).contains("/api/.*$\"", "+ $1");
    }
}
