package io.smartspec.slo.config;

import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.internal.config.ObservabilityYamlReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The contents of {@code observability.yaml}: which provider holds the metrics, how to reach it, how
 * each metric is queried, and where breaches are forwarded. Secrets are {@link Secret}s and never
 * appear in {@link #toString()}.
 *
 * @param file             the file it was read from, or {@code ""} when built in code
 * @param provider         micrometer, prometheus, datadog, ...
 * @param url              the provider's URL (Prometheus; Datadog proxies and tests)
 * @param site             Datadog's site (datadoghq.com, datadoghq.eu, ...)
 * @param apiKey           Datadog's API key
 * @param appKey           Datadog's application key
 * @param bearerToken      a bearer token (Prometheus behind a proxy, Mimir, Thanos)
 * @param username         basic-auth user
 * @param password         basic-auth password
 * @param headers          extra HTTP headers (values are secrets: they often carry tenants or tokens)
 * @param timeout          the timeout of one query
 * @param metrics          how each metric is queried
 * @param incidentResponse where breaches are forwarded
 * @param options          other provider settings by key
 * @since 0.1.0
 */
public record ObservabilityConfig(String file, String provider, Optional<String> url, Optional<String> site,
                                  Optional<Secret> apiKey, Optional<Secret> appKey, Optional<Secret> bearerToken,
                                  Optional<String> username, Optional<Secret> password, Map<String, Secret> headers,
                                  Optional<Duration> timeout, List<MetricBinding> metrics,
                                  List<ReceiverConfig> incidentResponse, Map<String, String> options) {

    /**
     * The timeout of one query when the file sets no {@code timeout}: the monitor's (and {@code slo monitor}'s)
     * and the Prometheus source's.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public ObservabilityConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(appKey, "appKey");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(timeout, "timeout");
        metrics = List.copyOf(metrics);
        incidentResponse = List.copyOf(incidentResponse);
        options = Map.copyOf(options);
    }

    /** A configuration made in code: a provider and its metrics, nothing else. */
    public static ObservabilityConfig of(String provider, List<MetricBinding> metrics) {
        return new ObservabilityConfig("", provider, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
                metrics, List.of(), Map.of());
    }

    /**
     * Reads an {@code observability.yaml}, replacing {@code {{env.NAME}}} and {@code {{env.NAME:-default}}}
     * from the process environment.
     *
     * <pre>{@code
     * ObservabilityConfig config = ObservabilityConfig.load(Path.of("observability.yaml"));
     * config.metric("api_latency_p99").flatMap(MetricBinding::query);
     * }</pre>
     *
     * @throws SloValidationException listing every problem of the file at once, each as
     *                                {@code file:line: field: message}; never a secret's value
     * @since 0.1.0
     */
    public static ObservabilityConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Reads an {@code observability.yaml}, replacing {@code {{env.NAME}}} from {@code env}.
     *
     * @throws SloValidationException listing every problem of the file at once
     * @since 0.1.0
     */
    public static ObservabilityConfig load(Path file, Map<String, String> env) {
        return ObservabilityYamlReader.load(file, env);
    }

    /**
     * Reads {@code observability.yaml} text; {@code fileName} names it in messages.
     *
     * @throws SloValidationException listing every problem of the text at once
     * @since 0.1.0
     */
    public static ObservabilityConfig parse(String fileName, String yaml, Map<String, String> env) {
        return ObservabilityYamlReader.parse(fileName, yaml, env);
    }

    public Optional<MetricBinding> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** Every field, with the URL's {@code user:password@} and query values redacted ({@link Secret#redactUrl}). */
    @Override
    public String toString() {
        return "ObservabilityConfig[file=" + file + ", provider=" + provider + ", url=" + url.map(Secret::redactUrl)
                + ", site=" + site + ", apiKey=" + apiKey + ", appKey=" + appKey + ", bearerToken=" + bearerToken
                + ", username=" + username + ", password=" + password + ", headers=" + headers + ", timeout="
                + timeout + ", metrics=" + metrics + ", incidentResponse=" + incidentResponse + ", options="
                + options + "]";
    }
}
