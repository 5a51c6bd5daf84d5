package io.smartspec.slo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@code slo validate} runs every check {@code slo monitor} runs before its first query, with the same
 * messages: a configuration that validates is one the monitor starts with.
 */
class SloValidateTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String SPEC = String.join("\n",
            "# Checkout", "",
            "## 4. Non-Functional Requirements", "",
            "| Category | Requirement | Metric | Target | Priority |",
            "|---|---|---|---|---|",
            "| Performance | p99 Latency | `checkout_latency_p99` | < 200ms | P1 |", "");

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();

    private record Run(int code, String out, String err) {
        /** The problems printed, without the {@code error: } prefix and whichever stream they went to. */
        List<String> problems() {
            return Stream.concat(Arrays.stream(out.split("\n")), Arrays.stream(err.split("\n")))
                    .filter(l -> l.startsWith("error: ")).map(l -> l.substring("error: ".length())).toList();
        }
    }

    private Run slo(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.fixed(NOW, ZoneOffset.UTC), false)
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** specs/checkout/spec.md with one latency row, and observability.yaml beside it. */
    private Path specs(String yaml) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("specs/checkout"));
        Files.writeString(dir.resolve("spec.md"), SPEC);
        Files.writeString(dir.resolve("observability.yaml"), yaml);
        return tmp.resolve("specs");
    }

    private String yaml() {
        return tmp.resolve("specs/checkout/observability.yaml").toString();
    }

    static Stream<Arguments> configurationsTheMonitorRejects() {
        String metrics = "metrics:\n  - name: checkout_latency_p99\n    query: \"150\"\n    unit: ms\n";
        return Stream.of(
                arguments("an unknown provider", "provider: graphite\n" + metrics,
                        ":1: provider: 'graphite' is unknown; available: datadog, fixed, micrometer, prometheus (add "
                                + "the provider's module to the class path)"),
                arguments("a misspelt provider", "provider: prometeus\nurl: http://127.0.0.1:9090\n" + metrics,
                        ":1: provider: 'prometeus' is unknown; available: datadog, fixed, micrometer, prometheus; "
                                + "did you mean 'prometheus'? (add the provider's module to the class path)"),
                arguments("a tagged provider", "provider: !prometheus x\n" + metrics,
                        ":1: provider: the YAML tag '!prometheus' is not accepted; write the plain value (e.g. "
                                + "provider: prometheus), without a tag"),
                arguments("a binary value", "provider: fixed\ntimeout: !!binary aGVsbG8=\n" + metrics,
                        ":2: timeout: the YAML tag '!!binary' is not accepted; write the plain value (e.g. "
                                + "provider: prometheus), without a tag"),
                arguments("Prometheus without url", "provider: prometheus\n" + metrics,
                        ":1: url: missing; provider 'prometheus' needs the server's URL, e.g. url: "
                                + "http://127.0.0.1:9090"),
                arguments("Datadog without api_key", "provider: datadog\n" + metrics,
                        ":1: api_key: missing; Datadog needs an API key; write api_key: \"{{env.DATADOG_API_KEY}}\" "
                                + "and set DATADOG_API_KEY"),
                arguments("a Datadog site that is a path", "provider: datadog\napi_key: k-123456\n"
                                + "site: \"evil.example.com/../\"\n" + metrics,
                        ":3: site: 'evil.example.com/../' is not a Datadog site; accepted: datadoghq.com, "
                                + "us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com, "
                                + "ap2.datadoghq.com, ddog-gov.com"),
                arguments("max_attempts past its maximum", "provider: datadog\napi_key: k-123456\nmax_attempts: 50\n"
                                + metrics,
                        ":3: max_attempts: '50' is not a whole number from 1 to 20"),
                arguments("an unknown receiver key", "provider: fixed\n" + metrics + "incident_response:\n"
                                + "  - type: webhook\n    url: http://127.0.0.1:8080/hook\n    channel: \"#oncall\"\n",
                        ":9: incident_response[0] (webhook): unknown key 'channel'; accepted: type, priorities, url, "
                                + "webhook_url, secret, name"),
                arguments("an unset environment variable", "provider: prometheus\nurl: \"{{env.PROM_URL}}\"\n" + metrics,
                        ":2: url: environment variable PROM_URL is not set (referenced as {{env.PROM_URL}}); set it or "
                                + "write {{env.PROM_URL:-default}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurationsTheMonitorRejects")
    void validateRejectsWhatTheMonitorRejectsWithTheSameFileAndLineMessage(String mistake, String yaml,
                                                                             String problem) throws IOException {
        // given
        String dir = specs(yaml).toString();

        // when
        Run validate = slo("validate", "--spec-id", "checkout", "--specs-dir", dir);
        Run monitor = slo("monitor", "--spec-id", "checkout", "--specs-dir", dir);

        // then
        assertThat(validate.code()).as(validate.out()).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(validate.problems()).containsExactly(yaml() + problem);
        assertThat(monitor.code()).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(monitor.problems()).isEqualTo(validate.problems());
    }

    @Test
    void anNfrMetricWithoutAQueryFailsValidationWithTheLineOfItsRow() throws IOException {
        // given
        String dir = specs("provider: fixed\nmetrics:\n  - name: checkout_errors\n    query: \"1\"\n").toString();

        // when
        Run validate = slo("validate", "--spec-id", "checkout", "--specs-dir", dir);

        // then
        assertThat(validate.code()).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(validate.problems()).containsExactly(tmp.resolve("specs/checkout/spec.md") + ":7: "
                + "checkout_latency_p99: no metric named 'checkout_latency_p99' in " + yaml() + "; add it under "
                + "metrics: with a query (- name: checkout_latency_p99, query: ...) or, for a ratio, a good_query or "
                + "bad_query and a total_query");
    }

    @Test
    void validateBySpecIdAcceptsWhatTheMonitorRuns() throws IOException {
        // given
        String dir = specs("provider: fixed\nmetrics:\n  - name: checkout_latency_p99\n    query: \"150\"\n"
                + "    unit: ms\n").toString();

        // when
        Run validate = slo("validate", "--spec-id", "checkout", "--specs-dir", dir);
        Run monitor = slo("monitor", "--spec-id", "checkout", "--specs-dir", dir);

        // then
        assertThat(validate.code()).as(validate.out()).isEqualTo(SloCli.EXIT_OK);
        assertThat(validate.out()).contains("checkout_latency_p99: checkout_latency_p99 < 200 ms (P1)")
                .contains("1 SLO, 0 warning(s), 0 error(s)");
        assertThat(monitor.code()).as(monitor.err()).isEqualTo(SloCli.EXIT_OK);
    }

    @Test
    void validateWithSpecAloneReadsTheObservabilityYamlBesideIt() throws IOException {
        // given
        specs("provider: graphite\nmetrics: []\n");

        // when
        Run validate = slo("validate", "--spec", tmp.resolve("specs/checkout/spec.md").toString());

        // then
        assertThat(validate.code()).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(validate.problems()).singleElement().asString().startsWith(yaml() + ":1: provider: 'graphite'");
    }

    @Test
    void runOnceAppliesTheTimeoutOfObservabilityYamlAsTheDaemonDoes() throws IOException {
        // given a query that answers after 2s and a timeout of 200ms
        String dir = specs("provider: fixed\ntimeout: 200ms\nmetrics:\n  - name: checkout_latency_p99\n"
                + "    query: slow\n    unit: ms\n").toString();

        // when
        Run monitor = slo("monitor", "--spec-id", "checkout", "--specs-dir", dir, "--run-once");

        // then the SLO could not be evaluated in time: exit 3, not a value that arrived too late
        assertThat(monitor.code()).as(monitor.out()).isEqualTo(SloCli.EXIT_UNKNOWN);
        assertThat(monitor.out()).contains("timed out after 200ms");
    }
}
