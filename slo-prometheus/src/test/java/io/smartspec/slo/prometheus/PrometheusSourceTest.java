package io.smartspec.slo.prometheus;

import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.Problem;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.spec.SpecLoader;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

import static io.smartspec.slo.prometheus.FakePrometheus.openapi;
import static io.smartspec.slo.prometheus.FakePrometheus.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PrometheusSourceTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:15:30.250Z");

    private final FakePrometheus prometheus = new FakePrometheus();
    private final PrometheusSource source = PrometheusSource.at(prometheus.url())
            .retries(3, Duration.ofMillis(5))
            .build();

    @AfterEach
    void stop() {
        source.close();
        prometheus.close();
    }

    private Measurement value(String query) {
        return source.query(MetricQuery.value("m", query, AT));
    }

    @Test
    void aVectorWithOneSampleIsItsValue() {
        // given
        prometheus.answer(recorded("instant_vector_up"));
        // when
        Measurement m = value("up");
        // then
        assertThat(m).isEqualTo(new Measurement.Value(Quantity.number(1)));
    }

    @Test
    void aScalarIsItsValue() {
        prometheus.answer(recorded("instant_scalar"));
        assertThat(value("scalar(vector(0.999))")).isEqualTo(new Measurement.Value(Quantity.number(0.999)));
    }

    @Test
    void theOpenApiScalarExampleIsItsValue() {
        prometheus.answer(openapi("query__200__scalarResult", 200));
        assertThat(value("42")).isEqualTo(new Measurement.Value(Quantity.number(42)));
    }

    @Test
    void anEmptyVectorIsNoDataNamingTheQuery() {
        prometheus.answer(recorded("instant_vector_empty"));
        Measurement m = value("metric_that_does_not_exist");
        assertThat(m).isInstanceOf(Measurement.NoData.class);
        assertThat(((Measurement.NoData) m).reason()).contains("metric_that_does_not_exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"instant_vector_nan", "instant_scalar_nan", "instant_scalar_pos_inf", "instant_scalar_neg_inf"})
    void notANumberAndInfinitiesAreNoData(String recording) {
        prometheus.answer(recorded(recording));
        assertThat(value("x")).isInstanceOf(Measurement.NoData.class);
    }

    @Test
    void severalSeriesFailSayingHowManyAndSuggestingAnAggregation() {
        prometheus.answer(recorded("instant_vector_multi_series"));
        Measurement m = value("sum by (code, handler) (prometheus_http_requests_total)");
        assertThat(m).isInstanceOf(Measurement.Failed.class);
        assertThat(((Measurement.Failed) m).message())
                .contains("2 series returned")
                .contains("handler=\"/metrics\"")
                .contains("aggregate with sum(...)");
    }

    @Test
    void aStringResultFails() {
        prometheus.answer(recorded("instant_string"));
        Measurement m = value("\"hello\"");
        assertThat(((Measurement.Failed) m).message()).contains("returned the string 'hello', not a number");
    }

    @Test
    void aRangeVectorFailsSuggestingAFunction() {
        prometheus.answer(recorded("instant_matrix_range_selector"));
        Measurement m = value("up[5s]");
        assertThat(((Measurement.Failed) m).message()).contains("range vector").contains("rate(");
    }

    @Test
    void aNativeHistogramFailsWithoutCrashing() {
        prometheus.answer(openapi("query__200__histogramResult", 200));
        Measurement m = value("http_request_duration_seconds");
        assertThat(((Measurement.Failed) m).message()).contains("native histogram");
    }

    @Test
    void aBadQueryFailsWithPrometheusOwnMessageAndIsNotRetried() {
        // given
        prometheus.answer(recorded("instant_error_bad_data_parse"), recorded("instant_vector_up"));
        // when
        Measurement m = value("sum(rate(http_requests_total[5m])");
        // then
        assertThat(((Measurement.Failed) m).message())
                .contains("bad_data")
                .contains("HTTP 400")
                .contains("1:34: parse error: unclosed left parenthesis");
        assertThat(prometheus.requests).hasSize(1);
    }

    @Test
    void anExecutionErrorFailsWithPrometheusOwnMessageAndIsNotRetried() {
        prometheus.answer(recorded("instant_error_execution_many_to_one"), recorded("instant_vector_up"));
        Measurement m = value("x * on() up");
        assertThat(((Measurement.Failed) m).message())
                .contains("execution")
                .contains("many-to-one matching must be explicit");
        assertThat(prometheus.requests).hasSize(1);
    }

    @Test
    void aServerErrorIsRetriedAndTheNextAnswerCounts() {
        // given
        prometheus.answer(openapi("query__default__tsdbNotReady", 503), recorded("instant_scalar"));
        // when
        Measurement m = value("scalar(vector(0.999))");
        // then
        assertThat(m).isEqualTo(new Measurement.Value(Quantity.number(0.999)));
        assertThat(prometheus.requests).hasSize(2);
    }

    @Test
    void aQueryTimeoutIsRetriedThenFailsWithPrometheusOwnMessage() {
        // given: Prometheus's recorded 503 "timeout" answer, every time
        prometheus.answer(new FakePrometheus.Answer(503,
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query queue\"}"));
        // when
        Measurement m = value("sum(rate(prometheus_http_requests_total[10s]))");
        // then
        assertThat(((Measurement.Failed) m).message()).contains("timeout").contains("query timed out in query queue")
                .endsWith("(after 3 attempts)");
        assertThat(prometheus.requests).hasSize(3);
    }

    @Test
    void aConnectionFailureIsRetriedThenFails() throws Exception {
        // given a port nobody listens on
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (PrometheusSource closed = PrometheusSource.at("http://127.0.0.1:" + port)
                .retries(2, Duration.ofMillis(5)).build()) {
            // when
            Measurement m = closed.query(MetricQuery.value("m", "up", AT));
            // then
            assertThat(((Measurement.Failed) m).message()).contains("cannot connect").contains("2 attempts");
        }
    }

    @Test
    void theQueryIsAskedAtTheRequestedInstant() {
        prometheus.answer(recorded("instant_vector_up"));
        value("up");
        assertThat(prometheus.requests.get(0).params())
                .containsEntry("path", "/api/v1/query")
                .containsEntry("query", "up")
                .containsEntry("time", "1795342530.250");
        assertThat(source.supportsPastInstants()).isTrue();
    }

    @Test
    void theInstantIsSentInSecondsWithThreeDecimals() {
        assertThat(PrometheusSource.time(Instant.parse("2026-11-22T10:15:30Z"))).isEqualTo("1795342530.000");
        assertThat(PrometheusSource.time(Instant.parse("2026-11-22T10:15:30.005Z"))).isEqualTo("1795342530.005");
        assertThat(PrometheusSource.time(Instant.parse("2026-11-22T10:15:30.050Z"))).isEqualTo("1795342530.050");
        assertThat(PrometheusSource.time(Instant.parse("2026-11-22T10:15:30.999Z"))).isEqualTo("1795342530.999");
        // before 1970: whole seconds down, the milliseconds up from there
        assertThat(PrometheusSource.time(Instant.ofEpochMilli(-1))).isEqualTo("-1.999");
    }

    @Test
    void eventsQueriesAreSentWithTheWindowSubstituted() {
        prometheus.answer(recorded("instant_scalar"));
        source.query(MetricQuery.events("availability", "sum(increase(http_requests_total[{{window}}]))",
                Duration.ofHours(6), AT));
        assertThat(prometheus.requests.get(0).params())
                .containsEntry("query", "sum(increase(http_requests_total[6h]))");
    }

    @Test
    void aLatencySloOnAHistogramCountsTheBucketOfItsThreshold() {
        // given
        prometheus.answer(recorded("instant_scalar"));
        // when
        source.query(MetricQuery.eventsFasterThan("api", "http_request_duration_seconds{job=\"api\"}",
                Quantity.millis(300), Duration.ofMinutes(5), AT));
        source.query(MetricQuery.events("api", "http_request_duration_seconds{job=\"api\"}", Duration.ofMinutes(5), AT));
        // then
        assertThat(prometheus.requests.get(0).params().get("query"))
                .isEqualTo("sum(increase(http_request_duration_seconds_bucket{job=\"api\",le=~\"0\\\\.30*\"}[5m]))");
        assertThat(prometheus.requests.get(1).params().get("query"))
                .isEqualTo("sum(increase(http_request_duration_seconds_count{job=\"api\"}[5m]))");
    }

    @Test
    void aLatencyThresholdThatIsNoBucketBoundSaysSo() {
        prometheus.answer(recorded("instant_vector_empty"));
        Measurement m = source.query(MetricQuery.eventsFasterThan("api", "http_request_duration_seconds",
                Quantity.millis(333), Duration.ofMinutes(5), AT));
        assertThat(((Measurement.NoData) m).reason()).contains("bucket");
    }

    @Test
    void aLatencyQueryThatCannotPlaceItsThresholdFailsWithoutAsking() {
        Measurement m = source.query(MetricQuery.eventsFasterThan("api", "sum(rate(x_count[{{window}}]))",
                Quantity.millis(300), Duration.ofMinutes(5), AT));
        assertThat(((Measurement.Failed) m).message()).startsWith("api: ").contains("{{le}}");
        assertThat(prometheus.requests).isEmpty();
    }

    @Test
    void credentialsAreSentButNeverAppearInMessages() {
        // given a server whose error echoes the token
        String token = "s3cr3t-token-value";
        prometheus.answer(new FakePrometheus.Answer(401,
                "{\"status\":\"error\",\"errorType\":\"unauthorized\",\"error\":\"bad token " + token + "\"}"));
        try (PrometheusSource withToken = PrometheusSource.at(prometheus.url())
                .bearerToken(Secret.of(token, "env PROM_TOKEN"))
                .header("X-Scope-OrgID", Secret.of("tenant-42"))
                .build()) {
            // when
            Measurement m = withToken.query(MetricQuery.value("m", "up", AT));
            // then
            assertThat(prometheus.requests.get(0).header("Authorization")).isEqualTo("Bearer " + token);
            assertThat(prometheus.requests.get(0).header("X-Scope-OrgID")).isEqualTo("tenant-42");
            assertThat(((Measurement.Failed) m).message()).contains("unauthorized").doesNotContain(token);
            assertThat(withToken.toString()).doesNotContain(token);
            assertThat(prometheus.requests).hasSize(1);
        }
    }

    @Test
    void basicAuthIsSent() {
        prometheus.answer(recorded("instant_vector_up"));
        try (PrometheusSource withBasic = PrometheusSource.at(prometheus.url())
                .basicAuth("alice", Secret.of("wonderland")).build()) {
            withBasic.query(MetricQuery.value("m", "up", AT));
        }
        assertThat(prometheus.requests.get(0).header("Authorization")).isEqualTo("Basic YWxpY2U6d29uZGVybGFuZA==");
    }

    @Test
    void theProviderIsFoundByNameAndReadsObservabilityConfig() {
        // given
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", """
                provider: prometheus
                url: %s/
                bearer_token: "{{env.T}}"
                timeout: 2s
                """.formatted(prometheus.url()), Map.of("T", "tok-123456"));
        prometheus.answer(recorded("instant_vector_up"));
        // when
        MetricSourceProvider provider = StreamSupport.stream(ServiceLoader.load(MetricSourceProvider.class).spliterator(), false)
                .filter(p -> p.name().equals("prometheus")).findFirst().orElseThrow();
        try (MetricSource created = provider.create(config, Map.of())) {
            // then
            assertThat(created.query(MetricQuery.value("m", "up", AT))).isInstanceOf(Measurement.Value.class);
            assertThat(prometheus.requests.get(0).params()).containsEntry("path", "/api/v1/query");
            assertThat(prometheus.requests.get(0).header("Authorization")).isEqualTo("Bearer tok-123456");
        }
    }

    @Test
    void observabilityYamlConfiguresUrlBasicAuthHeadersAndTimeout() {
        // given
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", """
                provider: prometheus
                url: %s
                basic_auth:
                  username: alice
                  password: "{{env.PROM_PASSWORD}}"
                headers:
                  X-Scope-OrgID: tenant-7
                timeout: 3s
                """.formatted(prometheus.url()), Map.of("PROM_PASSWORD", "wonderland"));
        prometheus.answer(recorded("instant_vector_up"));
        // when
        try (MetricSource created = new PrometheusSourceProvider().create(config, Map.of())) {
            created.query(MetricQuery.value("m", "up", AT));
        }
        // then
        FakePrometheus.Request request = prometheus.requests.get(0);
        assertThat(request.header("Authorization")).isEqualTo("Basic YWxpY2U6d29uZGVybGFuZA==");
        assertThat(request.header("X-Scope-OrgID")).isEqualTo("tenant-7");
        assertThat(request.params()).containsEntry("timeout", "3000ms");
    }

    @Test
    void observabilityYamlSetsTheNumberOfAttemptsAndTheBackoff() {
        // given: Prometheus's recorded 503 "timeout" answer, every time
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", """
                provider: prometheus
                url: %s
                max_attempts: 2
                initial_backoff: 5ms
                """.formatted(prometheus.url()), Map.of());
        prometheus.answer(new FakePrometheus.Answer(503,
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query queue\"}"));
        // when
        Measurement m;
        try (MetricSource created = new PrometheusSourceProvider().create(config, Map.of())) {
            m = created.query(MetricQuery.value("m", "up", AT));
        }
        // then
        assertThat(((Measurement.Failed) m).message()).endsWith("(after 2 attempts)");
        assertThat(prometheus.requests).hasSize(2);
    }

    private static List<String> problems(String yaml) {
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> SpecLoader.parseConfig("observability.yaml", yaml, Map.of()));
        assertThat(e).as("problems of " + yaml).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void aBadUrlIsQuotedWithoutItsPassword() {
        // when
        List<String> problems = problems("""
                provider: prometheus
                url: "ftp://alice:wonderland-42@127.0.0.1:9090/?token=tok-12345"
                """);

        // then
        assertThat(problems).containsExactly("observability.yaml:2: url: 'ftp://****@127.0.0.1:9090/?token=****' is "
                + "not an http(s) URL; e.g. http://127.0.0.1:9090");
        assertThat(problems.toString()).doesNotContain("wonderland-42", "tok-12345");
    }

    @Test
    void everyProblemOfThePrometheusKeysIsReportedWhenTheFileIsReadWithItsLine() {
        // when
        List<String> problems = problems("""
                provider: prometheus
                max_attempts: 50
                initial_backoff: soon
                basic_auth:
                  username: u
                  pasword: p
                bearer_token: "{{env.PROM_TOKEN}}"
                site: datadoghq.eu
                """);

        // then
        assertThat(problems).containsExactly(
                "observability.yaml:1: url: missing; provider 'prometheus' needs the server's URL, e.g. url: "
                        + "http://127.0.0.1:9090",
                "observability.yaml:2: max_attempts: '50' is not a whole number from 1 to 20",
                "observability.yaml:3: initial_backoff: 'soon' is not a positive duration; expected a number with a "
                        + "unit: ms, s, m or h (e.g. 10s, 500ms)",
                "observability.yaml:5: basic_auth: password: missing; basic auth needs both username and password",
                "observability.yaml:6: basic_auth: unknown key 'pasword'; did you mean 'password'?",
                "observability.yaml:7: bearer_token: environment variable PROM_TOKEN is not set (referenced as "
                        + "{{env.PROM_TOKEN}}); set it or write {{env.PROM_TOKEN:-default}}",
                "observability.yaml:8: unknown key 'site'; accepted: provider, url, bearer_token, basic_auth, "
                        + "headers, max_attempts, initial_backoff, interval, query_concurrency, timeout, breach_for, "
                        + "reminder_every, alert_when_no_data, metrics, incident_response, min_events, maintenance");
    }

    @Test
    void aMetricKeyOfAnotherProviderIsAProblem() {
        // when
        List<String> problems = problems("""
                provider: prometheus
                url: http://127.0.0.1:9090
                metrics:
                  - name: m
                    query: up
                    aggregation: max
                """);

        // then
        assertThat(problems).containsExactly("observability.yaml:6: metric 'm': unknown key 'aggregation'; accepted: "
                + "name, query, good_query, bad_query, total_query, unit, min_events, description");
    }

    @Test
    void credentialsInTheUrlAndInBasicAuthAreRefusedAsGivenTwice() {
        // when
        List<String> problems = problems("""
                provider: prometheus
                url: "http://alice:wonderland-42@127.0.0.1:9090"
                basic_auth:
                  username: bob
                  password: pw-bob-1
                """);

        // then
        assertThat(problems).singleElement().asString().contains("url: carries user:password@ and basic_auth is "
                + "set too; give the credentials once").doesNotContain("wonderland-42", "pw-bob-1");
    }

    @Test
    void aSourceIsShownWithItsUrlRedacted() {
        try (PrometheusSource source = PrometheusSource.at("http://alice:wonderland-42@127.0.0.1:9090/?token=tok-12345")
                .build()) {
            assertThat(source.toString()).isEqualTo("PrometheusSource[http://127.0.0.1:9090/?token=****]");
            assertThat(source.url()).isEqualTo("http://127.0.0.1:9090/?token=****");
        }
    }
}
