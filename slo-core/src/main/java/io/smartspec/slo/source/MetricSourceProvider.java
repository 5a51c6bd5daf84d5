package io.smartspec.slo.source;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.UnitConvention;
import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.MonitorSettings;
import io.smartspec.slo.config.ObservabilityConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Creates {@link MetricSource}s for one {@code provider:} of {@code observability.yaml}, and owns the
 * keys of the file that configure them. Provider modules register an implementation in
 * {@code META-INF/services/io.smartspec.slo.source.MetricSourceProvider}; it is found with
 * {@link ServiceLoader}.
 *
 * <p>A provider declares its top-level {@link #keys()} and per-metric {@link #metricKeys()} and reads
 * them from {@link ObservabilityConfig#settings()} and {@link MetricBinding#settings()} into typed
 * values with the {@link ConfigSection} getters, which locate every problem
 * ({@code file:line: field: 'value' ...; expected ...}). {@link #check(ObservabilityConfig, Map)} runs
 * when a spec is loaded ({@code SpecLoader.load}, {@code slo validate}), so a bad key fails before the
 * first query.
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
    static Optional<UnitConvention> unitConventionOf(String provider) {
        return find(provider).map(MetricSourceProvider::unitConventionOfSources);
    }

    /** The top-level keys this provider reads, besides the core's ({@code provider}, {@code metrics}, ...). */
    default Set<String> keys() {
        return Set.of();
    }

    /** The keys of a {@code metrics:} entry this provider reads, besides {@link MetricBinding#KEYS}. */
    default Set<String> metricKeys() {
        return Set.of();
    }

    /**
     * Reads this provider's keys and reports what is wrong with them; creates nothing and connects to
     * nothing. By default, nothing is read.
     *
     * @param env the environment, for providers that fall back on variables the file leaves out
     * @return every problem, located
     */
    default List<Problem> problems(ObservabilityConfig config, Map<String, String> env) {
        return List.of();
    }

    /**
     * Creates a source from the configuration (whose keys {@link #problems} accepted).
     *
     * @param env the environment, for providers that fall back on variables the file leaves out
     *            (Datadog: {@code DATADOG_APP_KEY})
     * @throws SloValidationException when the configuration lacks what the provider needs, naming the
     *                                file, line and field
     */
    MetricSource create(ObservabilityConfig config, Map<String, String> env);

    /** The provider of that {@code provider:} name on the class path (any case). */
    static Optional<MetricSourceProvider> find(String name) {
        for (MetricSourceProvider p : ServiceLoader.load(MetricSourceProvider.class)) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Every check before a source is created: the provider is on the class path, every top-level key
     * and every metric's key is the core's or the provider's, and the provider accepts their values.
     *
     * @return every problem, located, in file order
     * @since 0.1.0
     */
    static List<Problem> check(ObservabilityConfig config, Map<String, String> env) {
        ConfigSection top = config.settings();
        Optional<MetricSourceProvider> provider = find(config.provider());
        List<Problem> problems = new ArrayList<>();
        if (provider.isEmpty()) {
            List<String> available = ServiceLoader.load(MetricSourceProvider.class).stream()
                    .map(p -> p.get().name()).sorted().toList();
            top.error("provider", "'" + config.provider() + "' is unknown; available: "
                    + (available.isEmpty() ? "none" : String.join(", ", available))
                    + Problem.didYouMean(config.provider(), available)
                    + " (add the provider's module to the class path)");
            problems.addAll(top.problems());
            return problems;
        }
        Set<String> known = new LinkedHashSet<>(List.of("provider"));
        known.addAll(provider.get().keys());
        known.addAll(MonitorSettings.KEYS);
        known.addAll(ObservabilityConfig.KEYS); // metrics, incident_response, min_events, maintenance
        io.smartspec.slo.config.SectionProvider.available().forEach(s -> known.add(s.key()));
        top.rejectUnknownKeys(known);
        Set<String> metricKeys = new LinkedHashSet<>(MetricBinding.KEYS);
        metricKeys.addAll(provider.get().metricKeys());
        // every entry of metrics:, also those the core could not read, so that all problems show at once
        for (ConfigSection entry : top.sections("metrics", "a map with name and query")) {
            ConfigSection m = entry.string("name").map(String::trim).filter(n -> !n.isEmpty())
                    .map(n -> entry.named("metric '" + n + "': ")).orElse(entry);
            m.rejectUnknownKeys(metricKeys);
        }
        problems.addAll(top.problems());
        problems.addAll(provider.get().problems(config, env));
        List<Problem> inFileOrder = new ArrayList<>(new LinkedHashSet<>(problems));
        inFileOrder.sort(java.util.Comparator.comparingInt(Problem::line));
        return inFileOrder;
    }

    /**
     * Creates the source of a configuration's {@code provider:} with the provider found on the class
     * path by {@link ServiceLoader}, after {@link #check}.
     *
     * @throws SloValidationException listing every problem of {@link #check}, or the provider's
     * @since 0.1.0
     */
    static MetricSource sourceFor(ObservabilityConfig config, Map<String, String> env) {
        List<Problem> problems = check(config, env);
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new SloValidationException(problems);
        }
        return find(config.provider()).orElseThrow().create(config, env);
    }
}
