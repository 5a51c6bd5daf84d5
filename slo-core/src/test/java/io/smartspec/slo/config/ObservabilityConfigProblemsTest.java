package io.smartspec.slo.config;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every mistake in the core's keys of observability.yaml, with the exact message a user reads, as
 * {@link SpecLoader#parseConfig} reports it (the core's checks and the provider's: {@code micrometer}
 * takes no keys of its own). The provider's and receivers' keys are tested in their modules.
 */
class ObservabilityConfigProblemsTest {

    private static final String HEAD = "provider: micrometer\n";

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("no provider", "metrics: []\n",
                        "observability.yaml: provider: missing; e.g. provider: prometheus (or datadog, micrometer)"),
                mistake("an unknown provider", "provider: graphite\nmetrics: []\n",
                        "observability.yaml:1: provider: 'graphite' is unknown; available: micrometer (add the "
                                + "provider's module to the class path)"),
                mistake("a misspelt provider", "provider: micrometr\nmetrics: []\n",
                        "observability.yaml:1: provider: 'micrometr' is unknown; available: micrometer; did you mean "
                                + "'micrometer'? (add the provider's module to the class path)"),
                mistake("a tagged provider", "provider: !micrometer x\n",
                        "observability.yaml:1: provider: the YAML tag '!micrometer' is not accepted; write the plain "
                                + "value (e.g. provider: prometheus), without a tag"),
                mistake("a misspelt top-level key", HEAD + "metircs: []\n",
                        "observability.yaml:2: unknown key 'metircs'; did you mean 'metrics'?"),
                mistake("a key of another provider", HEAD + "url: http://127.0.0.1:9090\n",
                        "observability.yaml:2: unknown key 'url'; accepted: provider, interval, query_concurrency, "
                                + "timeout, breach_for, reminder_every, alert_when_no_data, metrics, incident_response, "
                                + "min_events, maintenance"),
                mistake("a misspelt metric key", HEAD + "metrics:\n  - name: m\n    qurey: up\n",
                        "observability.yaml:3: metric 'm': no query; give query (a threshold metric) or good_query "
                                + "or bad_query with total_query (a ratio)",
                        "observability.yaml:4: metric 'm': unknown key 'qurey'; did you mean 'query'?"),
                mistake("a metric key of another provider", HEAD + "metrics:\n  - name: m\n    query: up\n"
                                + "    aggregation: max\n",
                        "observability.yaml:5: metric 'm': unknown key 'aggregation'; accepted: name, query, "
                                + "good_query, bad_query, total_query, unit, min_events, description"),
                mistake("a metric without a name", HEAD + "metrics:\n  - query: up\n",
                        "observability.yaml:3: metrics[0]: name: missing; the name of the metric as written in "
                                + "spec.md (e.g. name: api_latency_p99)"),
                mistake("a metric listed twice", HEAD + "metrics:\n  - name: m\n    query: a\n  - name: m\n"
                                + "    query: b\n",
                        "observability.yaml:5: metric 'm': listed twice (first on line 3); keep one"),
                mistake("good without total", HEAD + "metrics:\n  - name: m\n    good_query: ok\n",
                        "observability.yaml:4: metric 'm': good_query: needs total_query (all events, may use "
                                + "{{window}})"),
                mistake("total without good or bad", HEAD + "metrics:\n  - name: m\n    total_query: all\n",
                        "observability.yaml:4: metric 'm': total_query: needs good_query or bad_query"),
                mistake("good and bad", HEAD + "metrics:\n  - name: m\n    good_query: ok\n    bad_query: ko\n"
                                + "    total_query: all\n",
                        "observability.yaml:5: metric 'm': bad_query: given with good_query; a ratio counts either "
                                + "good or bad events, with total_query"),
                mistake("query and ratio queries", HEAD + "metrics:\n  - name: m\n    query: q\n    good_query: ok\n"
                                + "    total_query: all\n",
                        "observability.yaml:5: metric 'm': good_query: given with query; keep query for a threshold, "
                                + "or the ratio queries (good_query or bad_query, with total_query) for a ratio"),
                mistake("min_events on a threshold", HEAD + "metrics:\n  - name: m\n    query: up\n"
                                + "    min_events: 10\n",
                        "observability.yaml:5: metric 'm': min_events: a threshold metric counts no events; "
                                + "min_events is for ratio metrics (good_query or bad_query with total_query)"),
                mistake("a unit on a ratio", HEAD + "metrics:\n  - name: m\n    good_query: ok\n    total_query: all\n"
                                + "    unit: ms\n",
                        "observability.yaml:6: metric 'm': unit: a ratio of events has no unit (its value is a share "
                                + "of events); remove it"),
                mistake("an empty query", HEAD + "metrics:\n  - name: m\n    query: \"\"\n",
                        "observability.yaml:4: metric 'm': query: is empty"),
                mistake("an unknown unit", HEAD + "metrics:\n  - name: m\n    query: up\n    unit: parsecs\n",
                        "observability.yaml:5: metric 'm': unit: unit 'parsecs' is unknown; accepted: ns, us, µs, "
                                + "ms, s, m, min, h, %, ratio (a fraction 0..1), rps, /s, /min, or no unit"),
                mistake("metrics as a map", HEAD + "metrics:\n  m: up\n",
                        "observability.yaml:2: metrics: expected a list of a map with name and query, but was a map"),
                mistake("a metric as a text", HEAD + "metrics:\n  - api_latency_p99\n",
                        "observability.yaml:3: metrics[0]: expected a map with name and query, but was a text"),
                mistake("a query as a list", HEAD + "metrics:\n  - name: m\n    query: [a, b]\n",
                        "observability.yaml:4: metric 'm': query: expected a single value, but was a list"),
                mistake("a bad timeout", HEAD + "timeout: 10\n",
                        "observability.yaml:2: timeout: '10' is not a positive duration; expected a number with a "
                                + "unit: ms, s, m or h (e.g. 10s, 500ms)"),
                mistake("a percentage as a timeout", HEAD + "timeout: 10%\n",
                        "observability.yaml:2: timeout: '10%' is not a positive duration; expected a number with a "
                                + "unit: ms, s, m or h (e.g. 10s, 500ms)"),
                mistake("a bad concurrency", HEAD + "query_concurrency: zero\n",
                        "observability.yaml:2: query_concurrency: 'zero' is not a whole number from 1 to 1024"),
                mistake("a concurrency past the monitor's bound", HEAD + "query_concurrency: 5000\n",
                        "observability.yaml:2: query_concurrency: '5000' is not a whole number from 1 to 1024"),
                mistake("an interval without a unit", HEAD + "interval: 60\n",
                        "observability.yaml:2: interval: '60' is not a positive duration; expected a number with a "
                                + "unit: ms, s, m or h (e.g. 10s, 500ms)"),
                mistake("a negative breach duration", HEAD + "breach_for: -2m\n",
                        "observability.yaml:2: breach_for: '-2m' is not a duration; expected a number with "
                                + "a unit: ms, s, m or h (e.g. 10s, 500ms)"),
                mistake("a zero reminder", HEAD + "reminder_every: 0s\n",
                        "observability.yaml:2: reminder_every: '0s' is not a positive duration; expected a number "
                                + "with a unit: ms, s, m or h (e.g. 10s, 500ms)"),
                mistake("alert_when_no_data that is not a boolean", HEAD + "alert_when_no_data: sometimes\n",
                        "observability.yaml:2: alert_when_no_data: 'sometimes' is not accepted; expected true or "
                                + "false"),
                mistake("a key written twice", HEAD + "timeout: 1s\ntimeout: 2s\ninterval: soon\n",
                        "observability.yaml:3: key 'timeout' is written twice (first on line 2); keep one",
                        "observability.yaml:4: interval: 'soon' is not a positive duration; expected a number with a "
                                + "unit: ms, s, m or h (e.g. 10s, 500ms)"),
                mistake("a placeholder without a valid name", HEAD + "timeout: \"{{env.PROM-URL}}\"\n",
                        "observability.yaml:2: timeout: '{{env.PROM-URL}}' does not name an environment variable; "
                                + "write {{env.NAME}} or {{env.NAME:-default}} with NAME made of letters, digits "
                                + "and '_'"),
                mistake("an unclosed placeholder", HEAD + "interval: \"{{env.EVERY\"\n",
                        "observability.yaml:2: interval: '{{env.' is not closed with '}}'; write {{env.NAME}} or "
                                + "{{env.NAME:-default}}"),
                mistake("a receiver type no module serves", HEAD + "incident_response:\n  - type: pagerduty\n",
                        "observability.yaml:3: incident_response[0]: type: 'pagerduty' is not a receiver type; "
                                + "expected one of none on the class path (add slo-incident, which forwards incidents)"),
                mistake("a root that is a list", "- provider: micrometer\n",
                        "observability.yaml:1: expected a map of settings (provider:, metrics:, ...), but was a list")
        );
    }

    private static Arguments mistake(String name, String yaml, String... expected) {
        return arguments(name, yaml, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsReportedWithItsLineFieldAndWhatIsAccepted(String mistake, String yaml, List<String> expected) {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> SpecLoader.parseConfig("observability.yaml", yaml, Map.of()));

        // then
        assertThat(e).as(mistake).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void everyProblemOfTheFileIsReportedAtOnceInFileOrder() {
        // given five mistakes in one file, the core's and the provider's
        String yaml = """
                provider: micrometer
                api_key: "{{env.DD_API_KEY}}"
                timeout: soon
                metrics:
                  - name: api_latency_p99
                    qeury: "avg:trace.rack.request.duration{service:my-api}.p99"
                    unit: parsecs
                  - name: ok
                    query: up
                    window: 5m
                """;

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> SpecLoader.parseConfig("observability.yaml", yaml, Map.of()));

        // then
        List<Problem> problems = e.problems();
        assertThat(problems).extracting(Problem::line).containsExactly(2, 3, 5, 6, 7, 10);
        assertThat(problems).allMatch(Problem::isError).allMatch(p -> p.file().equals("observability.yaml"));
        assertThat(e.getMessage()).startsWith("6 problems found:\n  observability.yaml:2: unknown key 'api_key'");
    }
}
