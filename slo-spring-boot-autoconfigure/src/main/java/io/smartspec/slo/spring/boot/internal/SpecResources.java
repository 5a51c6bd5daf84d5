package io.smartspec.slo.spring.boot.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.micrometer.SloMeterFilter;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.spec.SpecLoader;
import io.smartspec.slo.spring.boot.autoconfigure.SloProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the spec of an application from Spring resources ({@code classpath:}, {@code file:}, URLs) —
 * spec.md, then observability.yaml beside it unless configured — binds it, and resolves the monitor
 * settings: each {@code smartspec.slo.*} property that is set wins over the file's key. Every problem
 * of the files and the properties is collected and thrown at once, named by file and line (or property).
 */
public final class SpecResources {

    static final String DEFAULT_CONFIG = "observability.yaml";
    static final String DEFAULT_SPEC_ID = "application";

    private static final System.Logger LOG = System.getLogger(SpecResources.class.getName());

    private SpecResources() {
    }

    /**
     * Loads and checks the spec of {@code properties}.
     *
     * @param applicationName {@code spring.application.name}, the spec id when the spec lies in no directory
     * @throws SpecLoadingException listing every problem, when the spec cannot be monitored as configured
     */
    public static SloSpec load(SloProperties properties, String applicationName, Map<String, String> env) {
        Resource spec = properties.getSpec();
        if (spec == null) {
            throw new SpecLoadingException("", List.of(Problem.error(SloProperties.PREFIX + ".spec", 0,
                    "not set; expected the spec.md to monitor, e.g. classpath:spec.md")));
        }
        String location = location(spec);
        List<Problem> problems = new ArrayList<>();
        Resource config = properties.getConfig() != null ? properties.getConfig() : beside(spec, problems);
        String specName = displayName(spec);
        String specText = read(spec, specName, SloProperties.PREFIX + ".spec", problems);
        String configName = config == null ? DEFAULT_CONFIG : displayName(config);
        String configText = config == null ? null
                : read(config, configName, SloProperties.PREFIX + ".config", problems);
        NfrTable table = null;
        ObservabilityConfig observability = null;
        if (specText != null) {
            try {
                table = NfrTable.parse(specName, specText);
            } catch (SloValidationException e) {
                problems.addAll(e.problems());
            }
        }
        if (configText != null) {
            try {
                // every check the monitor needs: the core's keys, the provider's and the receivers'
                observability = SpecLoader.parseConfig(configName, configText, env);
            } catch (SloValidationException e) {
                problems.addAll(e.problems());
            }
        }
        String specId = properties.getSpecId() != null && !properties.getSpecId().isBlank()
                ? properties.getSpecId().trim()
                : directoryName(spec).orElse(applicationName == null || applicationName.isBlank()
                ? DEFAULT_SPEC_ID : applicationName.trim());
        MonitorSettings settings = settings(properties, observability, problems, specId);
        SloSet slos = null;
        if (table != null && observability != null) {
            LoadedSpec loaded = SpecLoader.bind(table, observability, specId);
            problems.addAll(loaded.problems());
            slos = withMinEvents(SloSet.of(specId, loaded.slos().slos()), settings.minEvents());
            if (slos.size() == 0 && loaded.errors().isEmpty()) {
                problems.add(Problem.error(specName, 0, "no SLO: the NFR table has no row with a metric "
                        + "that " + configName + " binds"));
            }
            if ("micrometer".equalsIgnoreCase(observability.provider())) {
                try {
                    SloMeterFilter.of(slos).problems().forEach(problems::add);
                } catch (SloValidationException e) {
                    e.problems().forEach(p -> problems.add(p.file().isEmpty()
                            ? new Problem(p.severity(), configName, p.line(), p.message()) : p));
                }
            }
        }
        problems.stream().filter(p -> !p.isError()).forEach(p -> LOG.log(Level.WARNING, () -> "SLO spec " + location
                + ": " + p));
        if (problems.stream().anyMatch(Problem::isError) || slos == null) {
            throw new SpecLoadingException(location, problems);
        }
        return new SloSpec(location, slos, observability, settings);
    }

    private static Resource beside(Resource spec, List<Problem> problems) {
        try {
            return spec.createRelative(DEFAULT_CONFIG);
        } catch (IOException | RuntimeException e) {
            problems.add(Problem.error(SloProperties.PREFIX + ".config", 0, "not set, and there is no "
                    + DEFAULT_CONFIG + " beside " + location(spec) + " (" + e.getMessage()
                    + "); expected the observability.yaml that binds the spec's metrics, e.g. "
                    + "classpath:observability.yaml"));
            return null;
        }
    }

    private static String read(Resource resource, String name, String property, List<Problem> problems) {
        if (!resource.exists()) {
            problems.add(Problem.error(name, 0, "not found (" + property + "=" + location(resource) + "); expected "
                    + "a readable resource such as classpath:" + (property.endsWith(".spec") ? "spec.md" : DEFAULT_CONFIG)
                    + " or file:/path/to/it"));
            return null;
        }
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.error(name, 0, "cannot be read (" + property + "=" + location(resource) + "): "
                    + e.getMessage()));
            return null;
        }
    }

    /** The settings: a property that is set, else the file's key (read once, typed), else none. */
    static MonitorSettings settings(SloProperties p, ObservabilityConfig config, List<Problem> problems,
                                    String specId) {
        io.smartspec.slo.config.MonitorSettings file = config == null ? io.smartspec.slo.config.MonitorSettings.none()
                : config.monitor();
        Optional<Duration> interval = positive(p.getInterval(), "interval", problems).or(file::interval);
        Optional<Duration> breachFor = notNegative(p.getBreachFor(), "breach-for", problems).or(file::breachFor);
        Optional<Duration> reminderEvery = positive(p.getReminderEvery(), "reminder-every", problems)
                .or(file::reminderEvery);
        Optional<Duration> queryTimeout = positive(p.getQueryTimeout(), "query-timeout", problems).or(file::timeout);
        Optional<Integer> concurrency = Optional.ofNullable(p.getQueryConcurrency()).filter(n -> {
            if (n < 1 || n > io.smartspec.slo.config.MonitorSettings.MAX_QUERY_CONCURRENCY) {
                problems.add(property("query-concurrency", n + "", "a whole number from 1 to 1024"));
                return false;
            }
            return true;
        }).or(file::queryConcurrency);
        Optional<Boolean> noData = Optional.ofNullable(p.getAlertWhenNoData()).or(file::alertWhenNoData);
        Optional<Long> minEvents = Optional.ofNullable(p.getMinEvents()).filter(n -> {
            if (n < 0) {
                problems.add(property("min-events", n + "", "a whole number of events, 0 or more"));
                return false;
            }
            return true;
        });
        if (p.getIncidents().getCloseTimeout() != null && p.getIncidents().getCloseTimeout().isNegative()) {
            problems.add(property("incidents.close-timeout", text(p.getIncidents().getCloseTimeout()),
                    "a duration of 0s or more (e.g. 10s)"));
        }
        return new MonitorSettings(interval, breachFor, reminderEvery, queryTimeout, concurrency, noData, minEvents,
                Optional.ofNullable(p.getStateDir()).map(dir -> dir.resolve(specId)));
    }

    private static Optional<Duration> positive(Duration d, String key, List<Problem> problems) {
        if (d != null && (d.isNegative() || d.isZero())) {
            problems.add(property(key, text(d), "a positive duration (e.g. 30s, 5m)"));
            return Optional.empty();
        }
        return Optional.ofNullable(d);
    }

    private static Optional<Duration> notNegative(Duration d, String key, List<Problem> problems) {
        if (d != null && d.isNegative()) {
            problems.add(property(key, text(d), "a duration of 0s or more (e.g. 0s, 2m)"));
            return Optional.empty();
        }
        return Optional.ofNullable(d);
    }

    /** A duration as a property would be written: {@code -5s}, {@code 250ms}. */
    private static String text(Duration d) {
        return DurationStyle.SIMPLE.print(d, d.toMillis() % 1000 == 0 ? ChronoUnit.SECONDS : ChronoUnit.MILLIS);
    }

    private static Problem property(String key, String value, String accepted) {
        return Problem.error(SloProperties.PREFIX + "." + key, 0, "'" + value + "' is not valid; expected " + accepted);
    }

    private static SloSet withMinEvents(SloSet set, Optional<Long> minEvents) {
        if (minEvents.isEmpty()) {
            return set;
        }
        long n = minEvents.get();
        List<Slo> slos = new ArrayList<>();
        for (Slo s : set) {
            // the property overrides observability.yaml and the default for every ratio SLO; thresholds count no events
            slos.add(s.indicator() instanceof io.smartspec.slo.Indicator.Threshold ? s : s.withMinEvents(n));
        }
        return SloSet.of(set.name(), slos);
    }

    /** {@code classpath:spec.md}, {@code file:/etc/spec.md}: the resource as a user would configure it. */
    static String location(Resource resource) {
        if (resource instanceof ClassPathResource c) {
            return "classpath:" + c.getPath();
        }
        try {
            return resource.getURI().toString();
        } catch (IOException e) {
            return resource.getDescription();
        }
    }

    /** The name messages give the file: its path in the class path, or on disk. */
    static String displayName(Resource resource) {
        if (resource instanceof ClassPathResource c) {
            return c.getPath();
        }
        if (resource.isFile()) {
            try {
                return resource.getFile().getPath();
            } catch (IOException e) {
                // not on disk after all: the description below
            }
        }
        return resource.getDescription();
    }

    /** The name of the directory that holds the spec, as configured ({@code classpath:specs/checkout/spec.md}: checkout). */
    static Optional<String> directoryName(Resource resource) {
        String path;
        if (resource instanceof ClassPathResource c) {
            path = c.getPath();
        } else {
            try {
                path = resource.getURI().getPath();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        if (path == null) {
            return Optional.empty();
        }
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String dir = path.substring(0, slash);
        String name = dir.substring(dir.lastIndexOf('/') + 1);
        return name.isBlank() ? Optional.empty() : Optional.of(name);
    }
}
