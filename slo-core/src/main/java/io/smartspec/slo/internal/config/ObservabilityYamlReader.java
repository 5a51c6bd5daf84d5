package io.smartspec.slo.internal.config;

import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.MonitorSettings;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.config.ReceiverProvider;
import io.smartspec.slo.config.SectionProvider;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code observability.yaml} into an {@link ObservabilityConfig} in two steps: the YAML text into
 * located sections ({@link ConfigSection} over {@link YamlTree}), then the core's keys into typed values —
 * {@code provider}, the {@link MonitorSettings}, each {@link MetricBinding} and each receiver's
 * {@code type} and {@code priorities}. Each receiver's other keys are checked by the
 * {@link ReceiverProvider} of its type; the provider's keys are left to the provider
 * ({@code MetricSourceProvider.check}). Every problem of the file is collected before one
 * {@link SloValidationException} is thrown.
 */
public final class ObservabilityYamlReader {

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    private ObservabilityYamlReader(String file) {
        this.file = file;
    }

    /**
     * Reads a file.
     *
     * @throws SloValidationException naming the file when it is missing or unreadable, and every problem
     *                                of its contents
     */
    public static ObservabilityConfig load(Path path, Map<String, String> env) {
        return load(path, env, config -> List.of());
    }

    /**
     * Reads a file and runs {@code check} (the provider's) on what could be read, so that every problem
     * of the file, the core's and the provider's, is reported at once.
     */
    public static ObservabilityConfig load(Path path, Map<String, String> env,
                                           Function<ObservabilityConfig, List<Problem>> check) {
        String name = path.toString();
        InputLimits.checkSize(name, path).ifPresent(p -> {
            throw new SloValidationException(List.of(p));
        });
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SloValidationException(List.of(Problem.error(name, 0, "file not found (looked at "
                    + path.toAbsolutePath().normalize() + ")")));
        } catch (MalformedInputException e) {
            throw new SloValidationException(List.of(Problem.error(name, 0, "is not UTF-8 text")));
        } catch (IOException e) {
            throw new SloValidationException(List.of(Problem.error(name, 0, "could not be read: "
                    + e.getClass().getSimpleName())));
        }
        return parse(name, text, env, check);
    }

    /**
     * Reads YAML text; {@code fileName} is used in messages.
     *
     * @throws SloValidationException listing every problem, each as {@code file:line: field: message}
     */
    public static ObservabilityConfig parse(String fileName, String yaml, Map<String, String> env) {
        return parse(fileName, yaml, env, config -> List.of());
    }

    /** Reads YAML text and runs {@code check} on what could be read; every problem is reported at once. */
    public static ObservabilityConfig parse(String fileName, String yaml, Map<String, String> env,
                                            Function<ObservabilityConfig, List<Problem>> check) {
        InputLimits.checkLength(fileName, yaml).ifPresent(p -> {
            throw new SloValidationException(List.of(p));
        });
        ObservabilityYamlReader reader = new ObservabilityYamlReader(fileName);
        ObservabilityConfig config = reader.read(ConfigSection.parse(fileName, yaml, env));
        if (config != null) {
            reader.problems.addAll(check.apply(config));
        }
        if (config == null || reader.problems.stream().anyMatch(Problem::isError)) {
            List<Problem> inFileOrder = new ArrayList<>(new LinkedHashSet<>(reader.problems));
            inFileOrder.sort(Comparator.comparingInt(Problem::line));
            throw new SloValidationException(inFileOrder);
        }
        return config;
    }

    private ObservabilityConfig read(ConfigSection top) {
        if (top.hasErrors() && top.keys().isEmpty()) {
            // not YAML, or not a map: nothing more to say
            problems.addAll(top.problems());
            return null;
        }
        Optional<String> provider = top.string("provider").map(p -> p.trim().toLowerCase(Locale.ROOT));
        if (!top.keys().contains("provider")) {
            problems.add(Problem.error(file, 0, "provider: missing; e.g. provider: prometheus (or datadog, micrometer)"));
        } else if (provider.filter(p -> !p.isEmpty()).isEmpty()
                && top.problems().stream().noneMatch(p -> p.line() == top.line("provider"))) {
            top.error("provider", "is empty; e.g. provider: prometheus");
        }
        MonitorSettings monitor = MonitorSettings.read(top);
        List<MetricBinding> metrics = metrics(top, top.count("min_events"));
        List<ReceiverConfig> receivers = receivers(top);
        List<MaintenanceWindow> maintenance = MaintenanceReader.read(top);
        for (SectionProvider section : SectionProvider.available()) {
            if (top.has(section.key())) {
                problems.addAll(section.check(top.fresh()));
            }
        }
        problems.addAll(top.problems());
        if (provider.isEmpty() || provider.get().isEmpty()) {
            return null;
        }
        // built even when other keys are bad, so that the provider's check reports its problems too
        return new ObservabilityConfig(file, provider.get(), top, monitor, metrics, receivers, maintenance);
    }

    /** The metrics; {@code fileMinEvents} is the file's {@code min_events}, the default of every ratio. */
    private List<MetricBinding> metrics(ConfigSection top, OptionalLong fileMinEvents) {
        List<MetricBinding> metrics = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<ConfigSection> entries = top.sections("metrics", "a map with name and query");
        for (ConfigSection entry : entries) {
            Optional<String> name = entry.string("name").map(String::trim).filter(n -> !n.isEmpty());
            if (name.isEmpty()) {
                entry.error("name: missing; the name of the metric as written in spec.md (e.g. name: api_latency_p99)");
            }
            ConfigSection m = name.map(n -> entry.named("metric '" + n + "': ")).orElse(entry);
            int errorsBefore = errors(m);
            Optional<String> query = m.string("query");
            Optional<String> good = m.string("good_query");
            Optional<String> bad = m.string("bad_query");
            Optional<String> total = m.string("total_query");
            Optional<Unit> unit = m.unit("unit");
            OptionalLong minEvents = m.count("min_events");
            m.string("description");
            for (String key : List.of("query", "good_query", "bad_query", "total_query")) {
                m.string(key).filter(String::isBlank).ifPresent(blank -> m.error(key, "is empty"));
            }
            Optional<MetricBinding> binding = Optional.empty();
            if (query.isPresent() && (good.isPresent() || bad.isPresent() || total.isPresent())) {
                m.error(good.isPresent() ? "good_query" : bad.isPresent() ? "bad_query" : "total_query",
                        "given with query; keep query for a threshold, or the ratio queries (good_query or "
                                + "bad_query, with total_query) for a ratio");
            } else if (good.isPresent() && bad.isPresent()) {
                m.error("bad_query", "given with good_query; a ratio counts either good or bad events, with "
                        + "total_query");
            } else if ((good.isPresent() || bad.isPresent()) && total.isEmpty()) {
                m.error(good.isPresent() ? "good_query" : "bad_query", "needs total_query (all events, may use "
                        + "{{window}})");
            } else if (total.isPresent() && good.isEmpty() && bad.isEmpty()) {
                m.error("total_query", "needs good_query or bad_query");
            } else if (query.isEmpty() && total.isEmpty()) {
                if (!m.has("query") && !m.has("good_query") && !m.has("bad_query") && !m.has("total_query")) {
                    m.error("no query; give query (a threshold metric) or good_query or bad_query with "
                            + "total_query (a ratio)");
                }
            } else if (query.isPresent()) {
                if (minEvents.isPresent()) {
                    m.error("min_events", "a threshold metric counts no events; min_events is for ratio metrics "
                            + "(good_query or bad_query with total_query)");
                }
                binding = Optional.of(new MetricBinding.Threshold(name.orElse(""), m.line(), query.get(), unit, m));
            } else {
                if (unit.isPresent()) {
                    m.error("unit", "a ratio of events has no unit (its value is a share of events); remove it");
                }
                Slo.EventsQuery events = good.map(Slo::good).orElseGet(() -> Slo.bad(bad.orElseThrow()));
                binding = Optional.of(new MetricBinding.Ratio(name.orElse(""), m.line(), events,
                        Slo.total(total.get()), minEvents.isPresent() ? minEvents : fileMinEvents, m));
            }
            if (name.isPresent()) {
                Integer first = seen.putIfAbsent(name.get(), m.line());
                if (first != null) {
                    m.error("listed twice (first on line " + first + "); keep one");
                    continue;
                }
            }
            if (name.isPresent() && binding.isPresent() && errors(m) == errorsBefore) {
                metrics.add(binding.get());
            }
        }
        return metrics;
    }

    private List<ReceiverConfig> receivers(ConfigSection top) {
        List<ReceiverConfig> receivers = new ArrayList<>();
        List<String> available = ReceiverProvider.available();
        for (ConfigSection r : top.sections("incident_response", "a map with type and its settings")) {
            Optional<String> type = r.string("type").map(t -> t.trim().toLowerCase(Locale.ROOT));
            if (type.isEmpty()) {
                r.priorities("priorities");
                r.error("type: missing; expected one of " + accepted(available));
                continue;
            }
            Optional<ReceiverProvider> provider = ReceiverProvider.find(type.get());
            if (provider.isEmpty()) {
                r.priorities("priorities");
                r.error("type", "'" + type.get() + "' is not a receiver type; expected one of " + accepted(available)
                        + Problem.didYouMean(type.get(), available));
                continue;
            }
            String prefix = r.prefix().substring(0, r.prefix().length() - 2) + " (" + type.get() + "): ";
            ConfigSection named = r.named(prefix);
            Set<Priority> priorities = named.priorities("priorities");
            Set<String> known = new LinkedHashSet<>(ReceiverConfig.KEYS);
            known.addAll(provider.get().keys(type.get()));
            named.rejectUnknownKeys(known);
            int before = errors(named);
            ReceiverConfig receiver = new ReceiverConfig(type.get(), r.line(), priorities, named);
            List<Problem> found = provider.get().check(receiver);
            problems.addAll(found);
            if (errors(named) == before && found.stream().noneMatch(Problem::isError)) {
                receivers.add(receiver);
            }
        }
        return receivers;
    }

    private static String accepted(List<String> available) {
        return available.isEmpty() ? "none on the class path (add slo-incident, which forwards incidents)"
                : String.join(", ", available);
    }

    private static int errors(ConfigSection s) {
        return s.errorCount();
    }
}
