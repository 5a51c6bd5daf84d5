package io.smartspec.slo.config;

import io.smartspec.slo.Indicator;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
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
        assertThat(config.settings().secret("api_key")).hasValueSatisfying(key -> {
            assertThat(key.reveal()).isEqualTo(DD_KEY);
            assertThat(key.origin()).isEqualTo("env DATADOG_API_KEY");
        });
        assertThat(config.metrics()).extracting(MetricBinding::name)
                .containsExactly("api_latency_p99", "api_error_rate");
        assertThat(config.metrics()).extracting(m -> ((MetricBinding.Threshold) m).query()).containsExactly(
                "avg:trace.rack.request.duration{service:my-api,env:prod}.p99",
                "sum:trace.rack.request.errors{service:my-api,env:prod}.as_rate()");
        assertThat(config.metrics()).extracting(MetricBinding::line).containsExactly(4, 6);
        assertThat(config.incidentResponse()).isEmpty();
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
            assertThat(config.settings().secret("bearer_token").map(Secret::reveal)).contains(path);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theCoresKeysAreReadIntoTypedValuesAndTheRestIsLeftToTheirOwners() {
        // given
        String yaml = """
                provider: Prometheus
                url: http://127.0.0.1:9090
                timeout: 2500ms
                query_concurrency: 4
                breach_for: 0s
                alert_when_no_data: TRUE
                metrics:
                  - name: api_latency_p99
                    query: histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket[5m])))
                    unit: seconds
                    aggregation: MAX
                  - name: availability
                    good_query: sum(increase(http_requests_total{code!~"5.."}[{{window}}]))
                    total_query: sum(increase(http_requests_total[{{window}}]))
                  - name: errors
                    bad_query: sum(increase(http_requests_total{code=~"5.."}[{{window}}]))
                    total_query: sum(increase(http_requests_total[{{window}}]))
                """;

        // when
        ObservabilityConfig c = ObservabilityConfig.parse("observability.yaml", yaml, Map.of());

        // then
        assertThat(c.provider()).isEqualTo("prometheus");
        assertThat(c.monitor()).isEqualTo(new MonitorSettings(Optional.empty(), Optional.of(4),
                Optional.of(Duration.ofMillis(2500)), Optional.of(Duration.ZERO), Optional.empty(), Optional.of(true)));
        assertThat(c.settings().url("url")).contains(URI.create("http://127.0.0.1:9090"));
        assertThat(c.metric("api_latency_p99")).hasValueSatisfying(m -> {
            assertThat(((MetricBinding.Threshold) m).unit()).contains(Unit.SECONDS);
            assertThat(m.settings().string("aggregation")).contains("MAX");
        });
        assertThat(c.metric("availability")).hasValueSatisfying(m -> {
            MetricBinding.Ratio ratio = (MetricBinding.Ratio) m;
            assertThat(ratio.events()).isEqualTo(Slo.good("sum(increase(http_requests_total{code!~\"5..\"}[{{window}}]))"));
            assertThat(ratio.total()).isEqualTo(Slo.total("sum(increase(http_requests_total[{{window}}]))"));
        });
        assertThat(c.metric("errors")).hasValueSatisfying(m ->
                assertThat(((MetricBinding.Ratio) m).events().events()).isEqualTo(Indicator.Events.BAD));
    }

    @Test
    void aMonitorSettingIsReadOnceIntoItsTypeAndNeverWrittenBackAsText() {
        // given
        String yaml = """
                provider: micrometer
                interval: 60s
                query_concurrency: 4
                breach_for: 2min
                reminder_every: 1h
                alert_when_no_data: false
                timeout: 0.5s
                """;

        // when
        MonitorSettings monitor = ObservabilityConfig.parse("observability.yaml", yaml, Map.of()).monitor();

        // then
        assertThat(monitor).isEqualTo(new MonitorSettings(Optional.of(Duration.ofMinutes(1)), Optional.of(4),
                Optional.of(Duration.ofMillis(500)), Optional.of(Duration.ofMinutes(2)), Optional.of(Duration.ofHours(1)),
                Optional.of(false)));
    }

    @Test
    void toStringNamesNoValueOfTheProvidersKeys() {
        // given
        String yaml = """
                provider: datadog
                api_key: "{{env.DD_API_KEY}}"
                app_key: literal-app-key-98765
                url: "https://monitor:hunter2-secret@dd.example:443/api?access_token=tok-98765"
                metrics:
                  - name: m
                    query: q
                """;

        // when
        ObservabilityConfig c = ObservabilityConfig.parse("observability.yaml", yaml,
                Map.of("DD_API_KEY", "s3cr3t-api-key"));

        // then
        assertThat(c.toString()).doesNotContain("s3cr3t", "literal-app-key-98765", "hunter2", "tok-98765")
                .contains("provider=datadog").contains("metrics=[m]");
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
        assertThat(((MetricBinding.Ratio) m).events().query()).isEqualTo("sum(increase(ok_total[{{window}}])) by (job)");
        assertThat(((MetricBinding.Ratio) m).total().query()).isEqualTo("sum(increase(all_total[{{ window }}]))");
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
        assertThat(c.settings().has("url")).isFalse();
        assertThat(c.metrics()).isEmpty();
        assertThat(c.incidentResponse()).isEmpty();
    }
}
