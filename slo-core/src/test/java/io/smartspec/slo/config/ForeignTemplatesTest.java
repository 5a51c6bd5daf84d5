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

    private static String yamlWithBearer(String value) {
        return "provider: prometheus\nurl: http://127.0.0.1:9090\nbearer_token: \"" + value + "\"\n"
                + "metrics:\n  - name: m\n    query: up\n";
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
                () -> ObservabilityConfig.parse("observability.yaml", yamlWithBearer(value), ENV));

        // then
        assertThat(e).as("'%s' must not be accepted", value).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactly("observability.yaml:3: bearer_token: "
                + expected + "; a literal '$' is written '$$'");
        assertThat(e.getMessage()).doesNotContain("tok-value-123");
    }

    @Test
    void everyForeignTemplateOfAValueIsReportedAtOnce() {
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", "provider: prometheus\nurl: http://x:9090\n"
                        + "headers:\n  X-A: \"${A}/$B\"\nmetrics:\n  - name: m\n    query: up\n", ENV));

        assertThat(e.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("'${A}'"))
                .anySatisfy(m -> assertThat(m).contains("'$B'"));
    }

    @Test
    void ourTemplateIsStillReplacedAndADoubledDollarIsALiteralDollar() {
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml",
                yamlWithBearer("{{env.MY_TOKEN}}-$$HOME"), ENV);

        assertThat(config.bearerToken()).get().extracting(s -> s.reveal()).isEqualTo("tok-value-123-$HOME");
    }

    @Test
    void dollarSignsThatNameNoVariableAreLeftAlone() {
        // a PromQL regex anchor and a capture reference name no variable
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", "provider: prometheus\n"
                + "url: http://127.0.0.1:9090\nmetrics:\n  - name: m\n"
                + "    query: 'sum(rate(x{path=~\"/api/.*$\"}[5m])) + $1'\n", ENV);

        assertThat(config.metrics().get(0).query()).get().asString().contains("/api/.*$\"", "+ $1");
    }
}
