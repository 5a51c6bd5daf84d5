package io.smartspec.slo.junit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.spec.SpecLoader;

/**
 * The spec-driven form of {@code @SloCheck}: loads a spec.md with its observability.yaml and
 * evaluates its SLOs against the test's Micrometer registry (or the configured provider).
 */
public final class SpecCheck {

    /** Thrown when the spec, its configuration or the {@code slos} attribute cannot be used. */
    public static final class ConfigurationProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConfigurationProblem(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private SpecCheck() {
    }

    /**
     * Loads the spec and evaluates it.
     *
     * @throws ConfigurationProblem naming the attribute and value when the spec cannot be used
     */
    public static EvaluationRound evaluate(CheckSettings settings, MeterRegistry registry, Instant at) {
        String specAttr = "spec = \"" + settings.spec().orElseThrow() + "\"";
        LoadedSpec loaded;
        try {
            loaded = SpecLoader.load(settings.spec().orElseThrow(), settings.config().orElseThrow());
        } catch (SloValidationException e) {
            throw new ConfigurationProblem(specAttr + ": " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new ConfigurationProblem(specAttr + ": spec.md loading is not available in this build ("
                    + e.getMessage() + ")", e);
        }
        if (!loaded.isValid()) {
            throw new ConfigurationProblem(specAttr + ": " + loaded.errors().size() + " problem(s) in the spec:\n"
                    + loaded.errors().stream().map(p -> "  " + p).collect(Collectors.joining("\n")), null);
        }
        SloSet slos = select(loaded.slos(), settings.slos());
        try (MetricSource source = source(loaded, registry)) {
            return SloEvaluator.withDefaults().evaluate(slos, source, at);
        }
    }

    private static SloSet select(SloSet all, List<String> names) {
        if (names.isEmpty()) {
            return all;
        }
        List<Slo> chosen = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            all.find(n).ifPresentOrElse(chosen::add, () -> unknown.add(n));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigurationProblem("slos = " + names + ": no SLO named " + unknown.stream()
                    .map(u -> "'" + u + "'").collect(Collectors.joining(", ")) + " in spec '" + all.name()
                    + "'; it has " + all.slos().stream().map(Slo::name).collect(Collectors.joining(", ")), null);
        }
        return SloSet.of(all.name(), chosen);
    }

    private static MetricSource source(LoadedSpec loaded, MeterRegistry registry) {
        String provider = loaded.config().provider();
        if (provider.isBlank() || provider.equalsIgnoreCase("micrometer")) {
            return MicrometerSources.of(registry);
        }
        try {
            return MetricSourceProvider.sourceFor(loaded.config(), System.getenv());
        } catch (SloValidationException e) {
            throw new ConfigurationProblem("config = \"" + loaded.config().file() + "\": "
                    + e.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")), e);
        }
    }
}
