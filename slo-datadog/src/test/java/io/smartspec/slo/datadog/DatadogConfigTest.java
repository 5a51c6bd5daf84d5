package io.smartspec.slo.datadog;

import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
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

class DatadogConfigTest {

    private static final Secret API = Secret.of("api-key-value-1234", "env DATADOG_API_KEY");

    private static ObservabilityConfig yaml(Optional<String> url, Optional<String> site, Optional<Secret> apiKey,
                                            Optional<Secret> appKey, List<MetricBinding> metrics,
                                            Map<String, String> options) {
        return new ObservabilityConfig("services/auth/observability.yaml", "datadog", url, site, apiKey, appKey,
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), metrics, List.of(),
                options);
    }

    private static ObservabilityConfig withSite(String site) {
        return yaml(Optional.empty(), Optional.of(site), Optional.of(API), Optional.empty(), List.of(), Map.of());
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
        assertThat(DatadogConfig.from(withSite(site), Map.of()).baseUri()).isEqualTo(URI.create(host));
    }

    @Test
    void withoutSiteOrUrlTheUsSiteIsQueried() {
        // when
        DatadogConfig config = DatadogConfig.from(yaml(Optional.empty(), Optional.empty(), Optional.of(API),
                Optional.empty(), List.of(), Map.of()), Map.of());

        // then
        assertThat(config.baseUri()).isEqualTo(URI.create("https://api.datadoghq.com"));
    }

    @Test
    void theUrlOverridesTheSite() {
        // when
        DatadogConfig config = DatadogConfig.from(yaml(Optional.of("http://127.0.0.1:8126/datadog"),
                Optional.of("datadoghq.eu"), Optional.of(API), Optional.empty(), List.of(), Map.of()), Map.of());

        // then
        assertThat(config.baseUri()).isEqualTo(URI.create("http://127.0.0.1:8126/datadog"));
    }

    @Test
    void takesTheApplicationKeyFromTheEnvironmentWhenTheFileHasNone() {
        // given the seed's observability.yaml, which has only api_key
        ObservabilityConfig seed = yaml(Optional.empty(), Optional.empty(), Optional.of(API), Optional.empty(),
                List.of(), Map.of());

        // when
        DatadogConfig config = DatadogConfig.from(seed, Map.of("DATADOG_APP_KEY", "app-key-value-5678"));

        // then
        assertThat(config.appKey()).contains(Secret.of("app-key-value-5678"));
        assertThat(config.appKey().orElseThrow().origin()).isEqualTo("env DATADOG_APP_KEY");
    }

    @Test
    void readsPerMetricWindowAggregationAndUnitAndTheRetryOptions() {
        // given
        MetricBinding p99 = new MetricBinding("api_latency_p99", 4, Optional.of("avg:trace.duration{*}.p99"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Unit.SECONDS),
                Optional.of(Duration.ofMinutes(15)), Optional.of("max"), Map.of());

        // when
        DatadogConfig config = DatadogConfig.from(yaml(Optional.empty(), Optional.empty(), Optional.of(API),
                Optional.empty(), List.of(p99), Map.of("max_attempts", "6", "time_limit", "45s",
                        "initial_backoff", "100ms", "max_backoff", "2s", "window", "10m")), Map.of());

        // then
        assertThat(config.metric("api_latency_p99")).isEqualTo(new DatadogConfig.Metric(
                Optional.of(Duration.ofMinutes(15)), Optional.of(Aggregation.MAX), Optional.of(Unit.SECONDS)));
        assertThat(config.metric("unknown")).isEqualTo(DatadogConfig.Metric.defaults());
        assertThat(config.maxAttempts()).isEqualTo(6);
        assertThat(config.timeLimit()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.defaultWindow()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void readsTheRetryOptionsAndTheDefaultWindowFromObservabilityYaml() {
        // given
        ObservabilityConfig yaml = ObservabilityConfig.parse("observability.yaml", """
                provider: datadog
                api_key: "{{env.DATADOG_API_KEY}}"
                max_attempts: 6
                time_limit: 1.5min
                initial_backoff: 0.1s
                max_backoff: 2s
                window: 1d
                metrics:
                  - name: api_latency_p99
                    query: "avg:trace.duration{*}.p99"
                """, Map.of("DATADOG_API_KEY", API.reveal()));

        // when
        DatadogConfig config = DatadogConfig.from(yaml, Map.of());

        // then
        assertThat(config.maxAttempts()).isEqualTo(6);
        assertThat(config.timeLimit()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.defaultWindow()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aUrlWithUserInfoIsRefusedSayingThatDatadogTakesKeys() {
        ObservabilityConfig proxied = yaml(Optional.of("https://proxy:pr0xy-pass@127.0.0.1:8126/"),
                Optional.empty(), Optional.of(API), Optional.empty(), List.of(), Map.of());

        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> DatadogConfig.from(proxied, Map.of()));

        assertThat(e.problems()).extracting(Problem::message).containsExactly("url: 'https://****@127.0.0.1:8126/' "
                + "carries user:password@, which Datadog does not take; it authenticates with api_key: "
                + "\"{{env.DATADOG_API_KEY}}\" and app_key: \"{{env.DATADOG_APP_KEY}}\"");
    }

    @Test
    void aBadUrlIsQuotedWithoutItsCredentials() {
        // given
        ObservabilityConfig bad = yaml(Optional.of("ftp://proxy:pr0xy-pass@127.0.0.1:8126/?api_key=k-98765"),
                Optional.empty(), Optional.of(API), Optional.empty(), List.of(), Map.of());

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> DatadogConfig.from(bad, Map.of()));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "services/auth/observability.yaml: url: 'ftp://****@127.0.0.1:8126/?api_key=****' is not an "
                        + "http(s) URL; write e.g. https://api.datadoghq.com or leave it out and set site");
    }

    @Test
    void reportsEveryProblemAtOnceWithFileLineFieldAndWhatIsAccepted() {
        // given no key anywhere, an unknown site, an unknown aggregation and a bad option
        MetricBinding median = new MetricBinding("api_latency_p99", 7, Optional.of("avg:x{*}"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("median"), Map.of());
        ObservabilityConfig bad = yaml(Optional.empty(), Optional.of("datadoghq.mars"), Optional.empty(),
                Optional.empty(), List.of(median), Map.of("max_attempts", "many"));

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> DatadogConfig.from(bad, Map.of()));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "services/auth/observability.yaml: site: 'datadoghq.mars' is not a Datadog site; accepted: "
                        + "datadoghq.com, us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com, "
                        + "ap2.datadoghq.com, ddog-gov.com",
                "services/auth/observability.yaml: api_key: Datadog needs an API key; write api_key: "
                        + "\"{{env.DATADOG_API_KEY}}\" and set DATADOG_API_KEY",
                "services/auth/observability.yaml: options: max_attempts: 'many' is not valid; accepted: a whole "
                        + "number from 1 to 20",
                "services/auth/observability.yaml:7: metric 'api_latency_p99': aggregation: 'median' is unknown; "
                        + "accepted: last, avg, max, min, sum");
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
