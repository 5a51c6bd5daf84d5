package io.smartspec.slo.source;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.UnitConvention;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.monitor.SloMonitor;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Creates {@link MetricSource}s for one {@code provider:} of {@code observability.yaml}. Provider
 * modules register an implementation in
 * {@code META-INF/services/io.smartspec.slo.source.MetricSourceProvider}; the command line and
 * {@code SloMonitor} find them with {@link java.util.ServiceLoader}.
 *
 * @since 0.1.0
 */
public interface MetricSourceProvider {

    /** The {@code provider:} value this provider serves, e.g. {@code prometheus}. */
    String name();

    /**
     * What the plain numbers of this provider's sources mean (named apart from
     * {@link MetricSource#unitConvention()} so one class can be both); the same as
     * {@link MetricSource#unitConvention()} of the sources it creates. Read without creating a source
     * (by {@code slo validate}, to warn about metrics whose unit rests on a convention).
     *
     * @since 0.1.0
     */
    default UnitConvention unitConventionOfSources() {
        return UnitConvention.DECLARED;
    }

    /**
     * The unit convention of the provider named {@code provider} found on the class path, if any.
     *
     * @since 0.1.0
     */
    static java.util.Optional<UnitConvention> unitConventionOf(String provider) {
        for (MetricSourceProvider p : ServiceLoader.load(MetricSourceProvider.class)) {
            if (p.name().equalsIgnoreCase(provider.trim())) {
                return java.util.Optional.of(p.unitConventionOfSources());
            }
        }
        return java.util.Optional.empty();
    }

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
    default MetricSource create(ObservabilityConfig config, Map<String, String> env) {
        return create(config);
    }

    /**
     * Creates the source of a configuration's {@code provider:} with the provider found on the class
     * path by {@link ServiceLoader}.
     *
     * @throws SloValidationException when no provider of that name is on the class path (naming those
     *                                that are), or when the provider rejects the configuration
     * @since 0.1.0
     */
    static MetricSource sourceFor(ObservabilityConfig config, Map<String, String> env) {
        List<String> available = new java.util.ArrayList<>();
        for (MetricSourceProvider p : ServiceLoader.load(MetricSourceProvider.class)) {
            if (p.name().equalsIgnoreCase(config.provider().trim())) {
                return p.create(config, env);
            }
            available.add(p.name());
        }
        throw new SloValidationException(List.of(Problem.error(config.file(), 0, "provider: '"
                + config.provider() + "' is unknown; available: " + (available.isEmpty() ? "none"
                : String.join(", ", available.stream().sorted().toList()))
                + " (add the provider's module to the class path)")));
    }
}
