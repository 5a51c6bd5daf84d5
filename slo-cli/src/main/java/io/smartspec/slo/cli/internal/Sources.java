package io.smartspec.slo.cli.internal;

import io.smartspec.slo.MetricSource;
import io.smartspec.slo.MetricSourceProvider;
import io.smartspec.slo.ObservabilityConfig;
import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Finds the {@link MetricSourceProvider} of a configuration's {@code provider:} with the ServiceLoader. */
public final class Sources {

    private Sources() {
    }

    public static MetricSource create(ObservabilityConfig config) {
        return create(config, System.getenv());
    }

    /** With the command's environment, for providers that read what the file leaves out from it. */
    public static MetricSource create(ObservabilityConfig config, Map<String, String> env) {
        List<MetricSourceProvider> providers = ServiceLoader.load(MetricSourceProvider.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        for (MetricSourceProvider p : providers) {
            if (p.name().equalsIgnoreCase(config.provider())) {
                return p.create(config, env);
            }
        }
        TreeSet<String> known = providers.stream().map(MetricSourceProvider::name)
                .collect(Collectors.toCollection(TreeSet::new));
        throw new SloValidationException(List.of(Problem.error(config.file(), 0, "provider: '" + config.provider()
                + "' is not available; available providers: " + String.join(", ", known))));
    }
}
