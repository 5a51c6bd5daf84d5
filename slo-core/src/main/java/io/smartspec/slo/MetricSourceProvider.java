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
}
