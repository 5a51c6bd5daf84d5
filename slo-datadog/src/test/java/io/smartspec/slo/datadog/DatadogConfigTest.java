package io.smartspec.slo.datadog;

import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Datadog keys of observability.yaml, owned, read and checked by the Datadog provider. */
class DatadogConfigTest {

    private static final String FILE = "services/auth/observability.yaml";
    private static final Map<String, String> ENV = Map.of("DATADOG_API_KEY", "api-key-value-1234");

    /** observability.yaml with {@code provider: datadog} and an API key from the environment, then {@code body}. */
    private static ObservabilityConfig yaml(String body) {
        return ObservabilityConfig.parse(FILE, "provider: datadog\napi_key: \"{{env.DATADOG_API_KEY}}\"\n" + body, ENV);
    }

    /** Every problem of a file, as {@code slo validate} and {@code slo monitor} report them. */
    private static List<String> problems(String yaml, Map<String, String> env) {
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> SpecLoader.parseConfig(FILE, yaml, env));
        assertThat(e).as("problems of " + yaml).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @ParameterizedTest(name = "site {0} is queried at {1}")
    @CsvSource({
            "datadoghq.com, https://api.datadoghq.com",
            "datadoghq.eu, https://api.datadoghq.eu",
            "us3.datadoghq.com, https://api.us3.datadoghq.com",
            "us5.datadoghq.com, https://api.us5.datadoghq.com",
            "ap1.datadoghq.com, https://api.ap1.datadoghq.com",
            "ddog-gov.com, https://api.ddog-gov.com",
            "https://app.datadoghq.eu/, https://api.datadoghq.eu"})
    void theSitePicksTheApiHost(String site, String host) {
        assertThat(DatadogConfig.from(yaml("site: \"" + site + "\"\n"), Map.of()).baseUri()).isEqualTo(URI.create(host));
    }

    @Test
    void withoutSiteOrUrlTheUsSiteIsQueried() {
        assertThat(DatadogConfig.from(yaml(""), Map.of()).baseUri()).isEqualTo(URI.create("https://api.datadoghq.com"));
    }

    @Test
    void theUrlOverridesTheSite() {
        // when
        DatadogConfig config = DatadogConfig.from(yaml("url: http://127.0.0.1:8126/datadog\nsite: datadoghq.eu\n"),
                Map.of());

        // then
        assertThat(config.baseUri()).isEqualTo(URI.create("http://127.0.0.1:8126/datadog"));
    }

    @Test
    void takesTheApplicationKeyFromTheEnvironmentWhenTheFileHasNone() {
        // when: the seed's observability.yaml has only api_key
        DatadogConfig config = DatadogConfig.from(yaml(""), Map.of("DATADOG_APP_KEY", "app-key-value-5678"));

        // then
        assertThat(config.appKey()).contains(Secret.of("app-key-value-5678"));
        assertThat(config.appKey().orElseThrow().origin()).isEqualTo("env DATADOG_APP_KEY");
    }

    @Test
    void readsPerMetricWindowAggregationAndUnitAndTheRetryOptions() {
        // given
        ObservabilityConfig yaml = yaml("""
                max_attempts: 6
                time_limit: 1.5min
                initial_backoff: 0.1s
                max_backoff: 2s
                window: 1d
                timeout: 3s
                metrics:
                  - name: api_latency_p99
                    query: "avg:trace.duration{*}.p99"
                    unit: s
                    window: 15m
                    aggregation: MAX
                """);

        // when
        DatadogConfig config = DatadogConfig.from(yaml, Map.of());

        // then
        assertThat(config.metric("api_latency_p99")).isEqualTo(new DatadogConfig.Metric(
                Optional.of(Duration.ofMinutes(15)), Optional.of(Aggregation.MAX), Optional.of(Unit.SECONDS)));
        assertThat(config.metric("unknown")).isEqualTo(DatadogConfig.Metric.defaults());
        assertThat(config.maxAttempts()).isEqualTo(6);
        assertThat(config.timeLimit()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.defaultWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void lookbackIsTheOlderNameOfWindow() {
        assertThat(DatadogConfig.from(yaml("lookback: 10m\n"), Map.of()).defaultWindow()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aUrlWithUserInfoIsRefusedSayingThatDatadogTakesKeys() {
        ObservabilityConfig proxied = yaml("url: \"https://proxy:pr0xy-pass@127.0.0.1:8126/\"\n");

        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> DatadogConfig.from(proxied, Map.of()));

        assertThat(e.problems()).extracting(Problem::message).containsExactly("url: 'https://****@127.0.0.1:8126/' "
                + "carries user:password@, which Datadog does not take; it authenticates with api_key: "
                + "\"{{env.DATADOG_API_KEY}}\" and app_key: \"{{env.DATADOG_APP_KEY}}\"");
    }

    @Test
    void aBadUrlIsQuotedWithoutItsCredentials() {
        // when
        List<String> problems = problems("provider: datadog\napi_key: k-12345678\n"
                + "url: \"ftp://proxy:pr0xy-pass@127.0.0.1:8126/?api_key=k-98765\"\n", Map.of());

        // then
        assertThat(problems).containsExactly("services/auth/observability.yaml:3: url: "
                + "'ftp://****@127.0.0.1:8126/?api_key=****' is not an http(s) URL; e.g. http://127.0.0.1:9090");
    }

    @Test
    void maxAttemptsPastItsMaximumIsAProblemOfItsLineWhenTheFileIsRead() {
        // when
        List<String> problems = problems("provider: datadog\napi_key: k-12345678\nmax_attempts: 50\n", Map.of());

        // then
        assertThat(problems).containsExactly(
                "services/auth/observability.yaml:3: max_attempts: '50' is not a whole number from 1 to 20");
    }

    @Test
    void reportsEveryProblemAtOnceWithFileLineFieldAndWhatIsAccepted() {
        // given no key anywhere, an unknown site, an unknown aggregation, a bad setting and a Prometheus key
        String yaml = """
                provider: datadog
                site: datadoghq.mars
                max_attempts: many
                bearer_token: tok
                metrics:
                  - name: api_latency_p99
                    query: "avg:x{*}"
                    aggregation: median
                """;

        // when
        List<String> problems = problems(yaml, Map.of());

        // then
        assertThat(problems).containsExactly(
                "services/auth/observability.yaml:1: api_key: missing; Datadog needs an API key; write api_key: "
                        + "\"{{env.DATADOG_API_KEY}}\" and set DATADOG_API_KEY",
                "services/auth/observability.yaml:2: site: 'datadoghq.mars' is not a Datadog site; accepted: "
                        + "datadoghq.com, us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com, "
                        + "ap2.datadoghq.com, ddog-gov.com",
                "services/auth/observability.yaml:3: max_attempts: 'many' is not a whole number from 1 to 20",
                "services/auth/observability.yaml:4: unknown key 'bearer_token'; accepted: provider, url, site, "
                        + "api_key, app_key, max_attempts, time_limit, initial_backoff, max_backoff, window, lookback, "
                        + "interval, query_concurrency, timeout, breach_for, reminder_every, alert_when_no_data, "
                        + "metrics, incident_response, min_events, maintenance",
                "services/auth/observability.yaml:8: metric 'api_latency_p99': aggregation: 'median' is unknown; "
                        + "accepted: last, avg, max, min, sum");
    }

    @Test
    void aSiteThatIsNotADatadogSiteIsAProblemEvenWhenItLooksLikeAPath() {
        // when
        List<String> problems = problems("provider: datadog\napi_key: k-12345678\nsite: \"evil.example.com/../\"\n",
                Map.of());

        // then
        assertThat(problems).singleElement().asString()
                .startsWith("services/auth/observability.yaml:3: site: 'evil.example.com/../' is not a Datadog site");
    }

    @Test
    void builderSettersFailFastNamingTheBadValue() {
        assertThatThrownBy(() -> DatadogConfig.custom().maxAttempts(0))
                .hasMessage("maxAttempts must be at least 1, but was 0");
        assertThatThrownBy(() -> DatadogConfig.custom().timeout(Duration.ZERO))
                .hasMessage("timeout must be positive, but was PT0S");
        assertThatThrownBy(() -> DatadogConfig.custom().site("datadoghq.mars"))
                .hasMessageContaining("but was 'datadoghq.mars'");
        assertThatThrownBy(() -> DatadogConfig.custom().build())
                .hasMessageContaining("apiKey is required");
    }

    @Test
    void theProviderIsFoundByServiceLoaderAsDatadog() {
        // when
        Optional<MetricSourceProvider> provider = ServiceLoader.load(MetricSourceProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("datadog")).findFirst();

        // then
        assertThat(provider).get().isInstanceOf(DatadogSourceProvider.class);
    }
}
