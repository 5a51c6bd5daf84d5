package io.smartspec.slo;

/**
 * Creates {@link MetricSource}s for one {@code provider:} of {@code observability.yaml}. Provider
 * modules register an implementation in
 * {@code META-INF/services/io.smartspec.slo.MetricSourceProvider}; the command line and
 * {@code SloMonitor} find them with {@link java.util.ServiceLoader}.
 *
 * @since 0.1.0
 */
public interface MetricSourceProvider {

    /** The {@code provider:} value this provider serves, e.g. {@code prometheus}. */
    String name();

    /**
     * Creates a source from the configuration.
     *
     * @throws SloValidationException when the configuration lacks what the provider needs (a URL, a key),
     *                                naming the field and the file
     */
    MetricSource create(ObservabilityConfig config);

    /**
     * Creates a source from the configuration and an environment, for providers that fall back on
     * environment variables for what the file leaves out (Datadog: {@code DATADOG_APP_KEY},
     * {@code DATADOG_URL}). Callers that hold an environment map (the command line, tests) call this;
     * by default it ignores {@code env}.
     *
     * @throws SloValidationException as {@link #create(ObservabilityConfig)}
     * @since 0.1.0
     */
    default MetricSource create(ObservabilityConfig config, java.util.Map<String, String> env) {
        return create(config);
    }
}
