package io.smartspec.slo.config;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ObservabilityConfigLoadTest {

    private static final String DD_KEY = "dd-api-key-0123456789abcdef";

    private static Path seed() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(ObservabilityConfigLoadTest.class
                .getResource("/seeds/production-monitor-guide/observability.yaml")).toURI());
    }

    @Test
    void theSeedsObservabilityYamlLoadsVerbatim() throws Exception {
        // given the file exactly as the seed guide shows it, and its API key in the environment
        Path file = seed();

        // when
        ObservabilityConfig config = ObservabilityConfig.load(file, Map.of("DATADOG_API_KEY", DD_KEY));

        // then
        assertThat(config.provider()).isEqualTo("datadog");
        assertThat(config.file()).isEqualTo(file.toString());
        assertThat(config.apiKey()).hasValueSatisfying(key -> {
            assertThat(key.reveal()).isEqualTo(DD_KEY);
            assertThat(key.origin()).isEqualTo("env DATADOG_API_KEY");
        });
        assertThat(config.metrics()).extracting(MetricBinding::name)
                .containsExactly("api_latency_p99", "api_error_rate");
        assertThat(config.metric("api_latency_p99").flatMap(MetricBinding::query))
                .contains("avg:trace.rack.request.duration{service:my-api,env:prod}.p99");
        assertThat(config.metric("api_error_rate").flatMap(MetricBinding::query))
                .contains("sum:trace.rack.request.errors{service:my-api,env:prod}.as_rate()");
        assertThat(config.metrics()).extracting(MetricBinding::line).containsExactly(4, 6);
        assertThat(config.metrics()).allSatisfy(m -> assertThat(m.isRatio()).isFalse());
        assertThat(config.incidentResponse()).isEmpty();
    }

    @Test
    void theSeedWithoutItsApiKeyInTheEnvironmentNamesTheVariableAndTheField() throws Exception {
        // given
        String yaml = Files.readString(seed());

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", yaml, Map.of()));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "observability.yaml:2: api_key: environment variable DATADOG_API_KEY is not set (referenced as "
                        + "{{env.DATADOG_API_KEY}}); set it or write {{env.DATADOG_API_KEY:-default}}");
        assertThat(e).hasMessage("1 problem found:\n  observability.yaml:2: api_key: environment variable "
                + "DATADOG_API_KEY is not set (referenced as {{env.DATADOG_API_KEY}}); set it or write "
                + "{{env.DATADOG_API_KEY:-default}}");
    }

    @Test
    void loadWithoutAnEnvironmentReadsTheProcessEnvironment() throws Exception {
        // given a variable every process has
        String path = System.getenv("PATH");
        Path file = Files.createTempFile("observability", ".yaml");
        try {
            Files.writeString(file, "provider: prometheus\nbearer_token: \"{{env.PATH}}\"\n");

            // when
            ObservabilityConfig config = ObservabilityConfig.load(file);

            // then
            assertThat(config.bearerToken().map(Secret::reveal)).contains(path);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aDefaultIsUsedWhenTheVariableIsUnsetOrEmpty() {
        // given
        String yaml = """
                provider: prometheus
                url: "{{env.PROM_URL:-http://127.0.0.1:9090}}"
                site: "{{env.DD_SITE:-datadoghq.eu}}"
                """;

        // when
        ObservabilityConfig unset = ObservabilityConfig.parse("observability.yaml", yaml, Map.of());
        ObservabilityConfig empty = ObservabilityConfig.parse("observability.yaml", yaml, Map.of("PROM_URL", ""));
        ObservabilityConfig set = ObservabilityConfig.parse("observability.yaml", yaml,
                Map.of("PROM_URL", "http://127.0.0.1:19090", "DD_SITE", "datadoghq.com"));

        // then
        assertThat(unset.url()).contains("http://127.0.0.1:9090");
        assertThat(unset.site()).contains("datadoghq.eu");
        assertThat(empty.url()).contains("http://127.0.0.1:9090");
        assertThat(set.url()).contains("http://127.0.0.1:19090");
        assertThat(set.site()).contains("datadoghq.com");
    }

    @Test
    void everySettingIsRead() {
        // given
        String yaml = """
                provider: Prometheus
                url: http://127.0.0.1:9090
                site: datadoghq.eu
                api_key: "{{env.DD_API_KEY}}"
                app_key: "{{env.DD_APP_KEY}}"
                bearer_token: "Bearer-{{env.TOKEN}}"
                basic_auth:
                  username: monitor
                  password: "{{env.PROM_PASSWORD}}"
                headers:
                  X-Scope-OrgID: "{{env.TENANT}}"
                timeout: 2500ms
                query_concurrency: 4
                metrics:
                  - name: api_latency_p99
                    query: histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket[5m])))
                    unit: seconds
                    window: 5m
                    aggregation: MAX
                    statistic: p99
                    tags: {service: checkout, env: prod}
                  - name: availability
                    good_query: sum(increase(http_requests_total{code!~"5.."}[{{window}}]))
                    total_query: sum(increase(http_requests_total[{{window}}]))
                  - name: errors
                    bad_query: sum(increase(http_requests_total{code=~"5.."}[{{window}}]))
                    total_query: sum(increase(http_requests_total[{{window}}]))
                    per_label: [route, method]
                incident_response:
                  - type: alertmanager
                    url: http://127.0.0.1:9093
                    priorities: [P0, p1]
                    repeat_interval: 4h
                  - type: pagerduty
                    routing_key: "{{env.PD_ROUTING_KEY}}"
                    severity: critical
                    priorities: P0
                  - type: slack
                    webhook_url: "{{env.SLACK_WEBHOOK}}"
                    channel: "#checkout-oncall"
                  - type: webhook
                    url: https://hooks.example.test/slo
                    secret: "{{env.HMAC_SECRET}}"
                    timeout: 3s
                """;
        Map<String, String> env = Map.of("DD_API_KEY", "api-123456", "DD_APP_KEY", "app-123456",
                "TOKEN", "tok-123456", "PROM_PASSWORD", "pw-123456", "TENANT", "tenant-1",
                "PD_ROUTING_KEY", "rk-123456", "SLACK_WEBHOOK", "https://hooks.slack.test/T000/B000/XXXX",
                "HMAC_SECRET", "hmac-123456");

        // when
        ObservabilityConfig c = ObservabilityConfig.parse("observability.yaml", yaml, env);

        // then
        assertThat(c.provider()).isEqualTo("prometheus");
        assertThat(c.url()).contains("http://127.0.0.1:9090");
        assertThat(c.site()).contains("datadoghq.eu");
        assertThat(c.apiKey().map(Secret::reveal)).contains("api-123456");
        assertThat(c.appKey().map(Secret::origin)).contains("env DD_APP_KEY");
        assertThat(c.bearerToken()).hasValueSatisfying(t -> {
            assertThat(t.reveal()).isEqualTo("Bearer-tok-123456");
            assertThat(t.origin()).isEqualTo("observability.yaml:6 with env TOKEN");
        });
        assertThat(c.username()).contains("monitor");
        assertThat(c.password().map(Secret::reveal)).contains("pw-123456");
        assertThat(c.headers()).containsOnlyKeys("X-Scope-OrgID");
        assertThat(c.headers().get("X-Scope-OrgID").reveal()).isEqualTo("tenant-1");
        assertThat(c.timeout()).contains(Duration.ofMillis(2500));
        assertThat(c.option("query_concurrency")).contains("4");

        MetricBinding p99 = c.metric("api_latency_p99").orElseThrow();
        assertThat(p99.unit()).contains(Unit.SECONDS);
        assertThat(p99.window()).contains(Duration.ofMinutes(5));
        assertThat(p99.aggregation()).contains("max");
        assertThat(p99.options()).containsExactlyInAnyOrderEntriesOf(
                Map.of("statistic", "p99", "tags", "service=checkout,env=prod"));
        MetricBinding availability = c.metric("availability").orElseThrow();
        assertThat(availability.isRatio()).isTrue();
        assertThat(availability.query()).isEmpty();
        assertThat(availability.goodQuery()).contains("sum(increase(http_requests_total{code!~\"5..\"}[{{window}}]))");
        assertThat(availability.totalQuery()).contains("sum(increase(http_requests_total[{{window}}]))");
        MetricBinding errors = c.metric("errors").orElseThrow();
        assertThat(errors.badQuery()).isPresent();
        assertThat(errors.options()).containsEntry("per_label", "route,method");

        assertThat(c.incidentResponse()).extracting(ReceiverConfig::type)
                .containsExactly("alertmanager", "pagerduty", "slack", "webhook");
        ReceiverConfig am = c.incidentResponse().get(0);
        assertThat(am.url()).contains("http://127.0.0.1:9093");
        assertThat(am.priorities()).containsExactlyInAnyOrder(Priority.P0, Priority.P1);
        assertThat(am.option("repeat_interval")).contains("4h");
        assertThat(am.line()).isEqualTo(30);
        ReceiverConfig pd = c.incidentResponse().get(1);
        assertThat(pd.secret("routing_key").map(Secret::reveal)).contains("rk-123456");
        assertThat(pd.accepts(Priority.P0)).isTrue();
        assertThat(pd.accepts(Priority.P1)).isFalse();
        assertThat(pd.option("severity")).contains("critical");
        ReceiverConfig slack = c.incidentResponse().get(2);
        assertThat(slack.secret("webhook_url").map(Secret::origin)).contains("env SLACK_WEBHOOK");
        assertThat(slack.option("channel")).contains("#checkout-oncall");
        assertThat(slack.accepts(Priority.P3)).isTrue();
        ReceiverConfig webhook = c.incidentResponse().get(3);
        assertThat(webhook.secret("secret").map(Secret::reveal)).contains("hmac-123456");
        assertThat(webhook.option("timeout")).contains("3s");
    }

    @Test
    void secretsNeverAppearInToString() {
        // given
        String yaml = """
                provider: datadog
                api_key: "{{env.DD_API_KEY}}"
                app_key: literal-app-key-98765
                headers:
                  Authorization: "Bearer {{env.DD_API_KEY}}"
                metrics:
                  - name: m
                    query: q
                incident_response:
                  - type: pagerduty
                    routing_key: "{{env.PD_KEY}}"
                """;

        // when
        ObservabilityConfig c = ObservabilityConfig.parse("observability.yaml", yaml,
                Map.of("DD_API_KEY", "s3cr3t-api-key", "PD_KEY", "s3cr3t-routing-key"));

        // then
        assertThat(c.toString()).doesNotContain("s3cr3t", "literal-app-key-98765")
                .contains("Secret[****, from env DD_API_KEY]")
                .contains("Secret[****, from observability.yaml:3]");
        assertThat(c.incidentResponse().get(0).toString()).doesNotContain("s3cr3t")
                .contains("Secret[****, from env PD_KEY]");
    }

    @Test
    void secretsNeverAppearInProblems() {
        // given secrets written in the file next to mistakes about them
        String yaml = """
                provider: datadog
                api_key: "{{env.DD_API_KEY}}"
                app_key: literal-app-key-98765
                bearer_token: ["literal-token-56789"]
                headers:
                  Authorization: {nested: "Bearer literal-token-56789"}
                incident_response:
                  - type: slack
                    webhook_url: "{{env.HOOK}}"
                  - type: pagerduty
                    routing_kye: "literal-routing-key-4321"
                """;

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", yaml,
                        Map.of("DD_API_KEY", "s3cr3t-api-key", "HOOK", "not-a-url-s3cr3t")));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "observability.yaml:4: bearer_token: expected a single value, but was a list",
                "observability.yaml:6: headers.Authorization: expected a text value, but was a map",
                "observability.yaml:9: incident_response[0] (slack): webhook_url: is not an http(s) URL "
                        + "(value from env HOOK not shown)",
                "observability.yaml:10: incident_response[1] (pagerduty): routing_key: missing; pagerduty "
                        + "receivers need it",
                "observability.yaml:11: incident_response[1] (pagerduty): unknown key 'routing_kye'; "
                        + "did you mean 'routing_key'?");
        assertThat(e.getMessage()).doesNotContain("s3cr3t", "literal-");
    }

    @Test
    void aYamlSyntaxErrorNamesTheLineButNotTheText() {
        // given an unclosed quote on the line of a secret
        String yaml = """
                provider: datadog
                api_key: "literal-key-11111
                metrics: []
                """;

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", yaml, Map.of()));

        // then
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).toString()).startsWith("observability.yaml:").contains(": not valid YAML: ");
        assertThat(e.problems().get(0).line()).isBetween(2, 4);
        assertThat(e.getMessage()).doesNotContain("literal-key-11111");
    }

    @Test
    void aMissingFileIsOneClearProblem(@TempDir Path dir) {
        // given
        Path missing = dir.resolve("observability.yaml");

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.load(missing, Map.of()));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                missing + ": file not found (looked at " + missing.toAbsolutePath().normalize() + ")");
    }

    @Test
    void theWindowPlaceholderIsLeftForTheEvaluator() {
        // given
        String yaml = """
                provider: prometheus
                metrics:
                  - name: availability
                    good_query: "sum(increase(ok_total[{{window}}])) by {{env.GROUP:-(job)}}"
                    total_query: "sum(increase(all_total[{{ window }}]))"
                """;

        // when
        MetricBinding m = ObservabilityConfig.parse("observability.yaml", yaml, Map.of()).metrics().get(0);

        // then
        assertThat(m.goodQuery()).contains("sum(increase(ok_total[{{window}}])) by (job)");
        assertThat(m.totalQuery()).contains("sum(increase(all_total[{{ window }}]))");
    }

    @Test
    void anEmptyFileSaysWhatItNeeds() {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> ObservabilityConfig.parse("observability.yaml", "# nothing yet\n", Map.of()));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "observability.yaml: is empty; expected at least 'provider:' and 'metrics:'");
    }

    @Test
    void emptyKeysAreAbsentSettings() {
        // given
        String yaml = "provider: micrometer\nurl:\nmetrics:\nincident_response: ~\n";

        // when
        ObservabilityConfig c = ObservabilityConfig.parse("observability.yaml", yaml, Map.of());

        // then
        assertThat(c.url()).isEqualTo(Optional.empty());
        assertThat(c.metrics()).isEmpty();
        assertThat(c.incidentResponse()).isEmpty();
    }
}
