package io.smartspec.slo.config;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
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

/** Every mistake in observability.yaml, with the exact message a user reads. */
class ObservabilityConfigProblemsTest {

    private static final String HEAD = "provider: prometheus\n";

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("no provider", "metrics: []\n",
                        "observability.yaml: provider: missing; e.g. provider: prometheus (or datadog, micrometer)"),
                mistake("a misspelt top-level key", HEAD + "metircs: []\n",
                        "observability.yaml:2: unknown key 'metircs'; did you mean 'metrics'?"),
                mistake("a key like nothing known", HEAD + "colour: blue\n",
                        "observability.yaml:2: unknown key 'colour'; accepted: provider, url, site, api_key, "
                                + "app_key, bearer_token, basic_auth, headers, timeout, metrics, incident_response, "
                                + "min_events, interval, query_concurrency, breach_for, reminder_every, alert_when_no_data, "
                                + "max_attempts, time_limit, initial_backoff, max_backoff, window, lookback, step"),
                mistake("a misspelt metric key", HEAD + "metrics:\n  - name: m\n    qurey: up\n",
                        "observability.yaml:3: metric 'm': no query; give query (a threshold metric) or good_query "
                                + "or bad_query with total_query (a ratio)",
                        "observability.yaml:4: metric 'm': unknown key 'qurey'; did you mean 'query'?"),
                mistake("a metric without a name", HEAD + "metrics:\n  - query: up\n",
                        "observability.yaml:3: metrics[0]: name: missing; the name of the metric as written in "
                                + "spec.md (e.g. name: api_latency_p99)"),
                mistake("a metric listed twice", HEAD + "metrics:\n  - name: m\n    query: a\n  - name: m\n"
                                + "    query: b\n",
                        "observability.yaml:5: metric 'm': listed twice (first on line 3); keep one"),
                mistake("good without total", HEAD + "metrics:\n  - name: m\n    good_query: ok\n",
                        "observability.yaml:4: metric 'm': good_query needs total_query (all events)"),
                mistake("total without good or bad", HEAD + "metrics:\n  - name: m\n    total_query: all\n",
                        "observability.yaml:4: metric 'm': total_query needs good_query or bad_query"),
                mistake("good and bad", HEAD + "metrics:\n  - name: m\n    good_query: ok\n    bad_query: ko\n"
                                + "    total_query: all\n",
                        "observability.yaml:5: metric 'm': good_query and bad_query are both given; a ratio counts "
                                + "either good or bad events, with total_query"),
                mistake("an empty query", HEAD + "metrics:\n  - name: m\n    query: \"\"\n",
                        "observability.yaml:4: metric 'm': query: is empty"),
                mistake("an unknown unit", HEAD + "metrics:\n  - name: m\n    query: up\n    unit: parsecs\n",
                        "observability.yaml:5: metric 'm': unit: unit 'parsecs' is unknown; accepted: ns, us, µs, "
                                + "ms, s, m, min, h, %, ratio (a fraction 0..1), rps, /s, /min, or no unit"),
                mistake("a bad window", HEAD + "metrics:\n  - name: m\n    query: up\n    window: 30x\n",
                        "observability.yaml:5: metric 'm': window: window '30x' is not valid; expected a number "
                                + "followed by s, m, h, d or w (e.g. 5m, 1h, 30d, 4w)"),
                mistake("a bad aggregation", HEAD + "metrics:\n  - name: m\n    query: up\n    aggregation: p50\n",
                        "observability.yaml:5: metric 'm': aggregation: 'p50' is not accepted; expected one of "
                                + "last, avg, max, min, sum"),
                mistake("metrics as a map", HEAD + "metrics:\n  m: up\n",
                        "observability.yaml:2: metrics: expected a list of metrics (- name: ..., query: ...), "
                                + "but was a map"),
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
                mistake("a URL without scheme", HEAD + "url: localhost:9090\n",
                        "observability.yaml:2: url: 'localhost:9090' is not an http(s) URL; e.g. "
                                + "http://127.0.0.1:9090"),
                mistake("a bad concurrency", HEAD + "query_concurrency: zero\n",
                        "observability.yaml:2: query_concurrency: 'zero' is not a whole number from 1 to 1024"),
                mistake("a concurrency past the monitor's bound", HEAD + "query_concurrency: 5000\n",
                        "observability.yaml:2: query_concurrency: '5000' is not a whole number from 1 to 1024"),
                mistake("no attempts at all", HEAD + "max_attempts: 0\n",
                        "observability.yaml:2: max_attempts: '0' is not a whole number of at least 1"),
                mistake("an interval without a unit", HEAD + "interval: 60\n",
                        "observability.yaml:2: interval: '60' is not a positive duration; expected a number with a "
                                + "unit: ms, s, m or h (e.g. 10s, 500ms)"),
                mistake("a negative breach duration", HEAD + "breach_for: -2m\n",
                        "observability.yaml:2: breach_for: '-2m' is not a positive duration; expected a number with "
                                + "a unit: ms, s, m or h (e.g. 10s, 500ms)"),
                mistake("a backoff that is not a duration", HEAD + "initial_backoff: soon\n",
                        "observability.yaml:2: initial_backoff: 'soon' is not a positive duration; expected a number "
                                + "with a unit: ms, s, m or h (e.g. 10s, 500ms)"),
                mistake("a bad default window", HEAD + "window: 5x\n",
                        "observability.yaml:2: window: window '5x' is not valid; expected a number followed by s, m, "
                                + "h, d or w (e.g. 5m, 1h, 30d, 4w)"),
                mistake("alert_when_no_data that is not a boolean", HEAD + "alert_when_no_data: sometimes\n",
                        "observability.yaml:2: alert_when_no_data: 'sometimes' is not accepted; expected true or "
                                + "false"),
                mistake("a bad URL carrying a password", HEAD + "url: \"localhost:9090@user:hunter2@x?token=abc\"\n",
                        "observability.yaml:2: url: '****@x?token=****' is not an http(s) "
                                + "URL; e.g. http://127.0.0.1:9090"),
                mistake("basic auth without password", HEAD + "basic_auth:\n  username: u\n",
                        "observability.yaml:3: basic_auth: password: missing"),
                mistake("a misspelt basic auth key", HEAD + "basic_auth:\n  username: u\n  pasword: p\n",
                        "observability.yaml:3: basic_auth: password: missing",
                        "observability.yaml:4: basic_auth: unknown key 'pasword'; did you mean 'password'?"),
                mistake("a key written twice", HEAD + "url: http://127.0.0.1:9090\nurl: http://127.0.0.1:9091\n",
                        "observability.yaml:3: key 'url' is written twice (first on line 2); keep one"),
                mistake("an unknown receiver type", HEAD + "incident_response:\n  - type: pagerdutty\n"
                                + "    routing_key: rk\n",
                        "observability.yaml:3: incident_response[0]: type: 'pagerdutty' is not a receiver type; "
                                + "expected one of alertmanager, pagerduty, slack, webhook (did you mean "
                                + "'pagerduty'?)"),
                mistake("a receiver without type", HEAD + "incident_response:\n  - url: http://127.0.0.1:9093\n",
                        "observability.yaml:3: incident_response[0]: type: missing; expected one of alertmanager, "
                                + "pagerduty, slack, webhook"),
                mistake("an alertmanager without url", HEAD + "incident_response:\n  - type: alertmanager\n",
                        "observability.yaml:3: incident_response[0] (alertmanager): url: missing; alertmanager "
                                + "receivers need it"),
                mistake("a bad priority", HEAD + "incident_response:\n  - type: webhook\n"
                                + "    url: http://127.0.0.1:8080\n    priorities: [P0, P5]\n",
                        "observability.yaml:5: incident_response[0] (webhook): priorities: 'P5' is not a priority; "
                                + "expected P0, P1, P2 or P3"),
                mistake("a bad repeat interval", HEAD + "incident_response:\n  - type: alertmanager\n"
                                + "    url: http://127.0.0.1:9093\n    repeat_interval: often\n",
                        "observability.yaml:5: incident_response[0] (alertmanager): repeat_interval: 'often' is not "
                                + "a positive duration; expected a number with a unit: ms, s, m or h "
                                + "(e.g. 10s, 500ms)"),
                mistake("a placeholder without a valid name", HEAD + "url: \"{{env.PROM-URL}}\"\n",
                        "observability.yaml:2: url: '{{env.PROM-URL}}' does not name an environment variable; "
                                + "write {{env.NAME}} or {{env.NAME:-default}} with NAME made of letters, digits "
                                + "and '_'"),
                mistake("an unclosed placeholder", HEAD + "site: \"{{env.SITE\"\n",
                        "observability.yaml:2: site: '{{env.' is not closed with '}}'; write {{env.NAME}} or "
                                + "{{env.NAME:-default}}"),
                mistake("a variable missing in a nested field", HEAD + "incident_response:\n  - type: pagerduty\n"
                                + "    routing_key: \"{{env.PD_KEY}}\"\n",
                        "observability.yaml:4: incident_response[0] (pagerduty): routing_key: environment variable "
                                + "PD_KEY is not set (referenced as {{env.PD_KEY}}); set it or write "
                                + "{{env.PD_KEY:-default}}"),
                mistake("a root that is a list", "- provider: prometheus\n",
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
                () -> ObservabilityConfig.parse("observability.yaml", yaml, Map.of()));

        // then
        assertThat(e).as(mistake).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void everyProblemOfTheFileIsReportedAtOnceInFileOrder() {
        // given five mistakes in one file
        String yaml = """
                provider: datadog
                api_key: "{{env.DD_API_KEY}}"
                timeout: soon
                metrics:
                  - name: api_latency_p99
                    qeury: "avg:trace.rack.request.duration{service:my-api}.p99"
                    unit: parsecs
                incident_response:
                  - type: pager
                """;

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", yaml, Map.of()));

        // then
        List<Problem> problems = e.problems();
        assertThat(problems).extracting(Problem::line).containsExactly(2, 3, 5, 6, 7, 9);
        assertThat(problems).allMatch(Problem::isError).allMatch(p -> p.file().equals("observability.yaml"));
        assertThat(e.getMessage()).startsWith("6 problems found:\n  observability.yaml:2: api_key: ");
    }
}
