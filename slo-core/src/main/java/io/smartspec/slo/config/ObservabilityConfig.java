package io.smartspec.slo.config;

import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.internal.config.ObservabilityYamlReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The contents of {@code observability.yaml}: which provider holds the metrics, the monitor's settings,
 * how each metric is queried, and where breaches are forwarded. Each key has one owner that reads it
 * into a typed value: the core reads {@code provider}, the {@link MonitorSettings}, the
 * {@link MetricBinding}s and each receiver's {@code type} and {@code priorities}; the provider reads
 * its own keys ({@code url}, {@code api_key}, {@code max_attempts}, ...) from {@link #settings()}, and
 * each receiver type its own from {@link ReceiverConfig#settings()}.
 *
 * <p>{@link #load} checks the core's keys and, through the {@link ReceiverProvider}s on the class
 * path, the receivers'. The provider's keys are checked by {@code MetricSourceProvider.check}, which
 * {@code SpecLoader.load} runs, so that a spec loads only when its monitor could start.
 *
 * @param file             the file it was read from, or {@code ""} when made in code
 * @param provider         micrometer, prometheus, datadog, ... (lower case)
 * @param settings         the file's top-level keys, read by the provider
 * @param monitor          the monitor's settings
 * @param metrics          how each metric is queried
 * @param incidentResponse where breaches are forwarded
 * @param maintenance      the maintenance windows declared under {@code maintenance:}
 * @since 0.1.0
 */
public record ObservabilityConfig(String file, String provider, ConfigSection settings, MonitorSettings monitor,
                                  List<MetricBinding> metrics, List<ReceiverConfig> incidentResponse,
                                  List<MaintenanceWindow> maintenance) {

    /** The top-level keys the core reads (besides {@link MonitorSettings#KEYS}); providers add their own. */
    public static final Set<String> KEYS = ConfigSection.keys("provider", "metrics", "incident_response", "min_events",
            "maintenance");

    /**
     * The timeout of one query when the file sets no {@code timeout}: the monitor's (and {@code slo monitor}'s)
     * and the Prometheus source's.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public ObservabilityConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(monitor, "monitor");
        metrics = List.copyOf(metrics);
        incidentResponse = List.copyOf(incidentResponse);
        maintenance = List.copyOf(maintenance);
    }

    /** A configuration without maintenance windows. */
    public ObservabilityConfig(String file, String provider, ConfigSection settings, MonitorSettings monitor,
                               List<MetricBinding> metrics, List<ReceiverConfig> incidentResponse) {
        this(file, provider, settings, monitor, metrics, incidentResponse, List.of());
    }

    /** A configuration made in code: a provider and its metrics, nothing else. */
    public static ObservabilityConfig of(String provider, List<MetricBinding> metrics) {
        return new ObservabilityConfig("", provider, ConfigSection.empty(""), MonitorSettings.none(), metrics,
                List.of());
    }

    /**
     * Reads an {@code observability.yaml}, replacing {@code {{env.NAME}}} and {@code {{env.NAME:-default}}}
     * from the process environment.
     *
     * <pre>{@code
     * ObservabilityConfig config = ObservabilityConfig.load(Path.of("observability.yaml"));
     * config.metric("api_latency_p99");
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

    /** The file's top-level keys with a fresh list of problems, for the provider to read its own. */
    @Override
    public ConfigSection settings() {
        return settings.fresh();
    }

    public Optional<MetricBinding> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The file, the provider and the metrics' names; never a value of the provider's keys. */
    @Override
    public String toString() {
        return "ObservabilityConfig[file=" + file + ", provider=" + provider + ", monitor=" + monitor
                + ", metrics=" + metrics.stream().map(MetricBinding::name).toList() + ", incidentResponse="
                + incidentResponse.stream().map(ReceiverConfig::type).toList() + "]";
    }
}
