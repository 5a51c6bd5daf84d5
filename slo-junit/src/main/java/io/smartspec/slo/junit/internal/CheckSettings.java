package io.smartspec.slo.junit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smartspec.slo.Objective;

/**
 * The validated attributes of one {@code @SloCheck}. Every bad attribute is reported at once,
 * each naming the attribute, its value and what would be accepted.
 *
 * @param name          what is measured
 * @param invocations   counted invocations
 * @param warmup        uncounted warm-up invocations
 * @param threads       threads
 * @param measured      the measured objectives, or empty when the annotation is spec-driven only
 * @param spec          the spec.md, when spec-driven
 * @param config        the observability.yaml, when spec-driven
 * @param slos          the SLOs of the spec to check (all when empty)
 * @param failOnNoData  whether SLOs without data fail
 */
public record CheckSettings(String name, int invocations, int warmup, int threads, Optional<MeasuredSlos> measured,
                            Optional<Path> spec, Optional<Path> config, List<String> slos, boolean failOnNoData) {

    public CheckSettings {
        slos = List.copyOf(slos);
    }

    /** The raw attribute values, read from the annotation by the extension. */
    public record Attributes(String name, int invocations, int warmup, int threads, Map<String, String> latencies,
                             String errorRate, String spec, String config, List<String> slos,
                             boolean failOnNoData) {
    }

    /**
     * Validates the attributes.
     *
     * @param a           the attributes
     * @param defaultName the name when {@code name} is empty (the test method's name)
     * @param baseDir     the directory relative paths are resolved against
     * @return the settings, or the problems found (each "attribute = value: why")
     */
    public static Result parse(Attributes a, String defaultName, Path baseDir) {
        List<String> problems = new ArrayList<>();
        if (a.invocations() < 1) {
            problems.add("invocations = " + a.invocations() + ": must be at least 1");
        }
        if (a.warmup() < 0) {
            problems.add("warmup = " + a.warmup() + ": must be at least 0");
        }
        if (a.threads() < 1) {
            problems.add("threads = " + a.threads() + ": must be at least 1");
        }
        Map<MeasuredSlos.Statistic, Objective> latencies = new EnumMap<>(MeasuredSlos.Statistic.class);
        for (MeasuredSlos.Statistic s : MeasuredSlos.Statistic.values()) {
            String text = a.latencies().getOrDefault(s.attribute(), "");
            if (text.isBlank()) {
                continue;
            }
            try {
                latencies.put(s, MeasuredSlos.parseLatency(text));
            } catch (IllegalArgumentException e) {
                problems.add(s.attribute() + " = \"" + text + "\": " + e.getMessage());
            }
        }
        Objective errorRate = null;
        if (!a.errorRate().isBlank()) {
            try {
                errorRate = MeasuredSlos.parseErrorRate(a.errorRate());
            } catch (IllegalArgumentException e) {
                problems.add("errorRate = \"" + a.errorRate() + "\": " + e.getMessage());
            }
        }
        Optional<Path> spec = Optional.empty();
        Optional<Path> config = Optional.empty();
        if (!a.spec().isBlank()) {
            Path s = resolve(baseDir, a.spec());
            if (!Files.isRegularFile(s)) {
                problems.add("spec = \"" + a.spec() + "\": no such file (" + s.toAbsolutePath().normalize()
                        + "); expected a spec.md relative to " + baseDir.toAbsolutePath().normalize());
            } else {
                spec = Optional.of(s);
            }
            Path c = a.config().isBlank() ? resolveSibling(s, "observability.yaml") : resolve(baseDir, a.config());
            if (spec.isEmpty() && a.config().isBlank()) {
                // the missing spec says it all
            } else if (!Files.isRegularFile(c)) {
                String attr = a.config().isBlank() ? "config = \"\" (observability.yaml beside the spec)"
                        : "config = \"" + a.config() + "\"";
                problems.add(attr + ": no such file (" + c.toAbsolutePath().normalize() + ")");
            } else {
                config = Optional.of(c);
            }
        } else if (!a.config().isBlank()) {
            problems.add("config = \"" + a.config() + "\": only used with spec; add spec = \"path/to/spec.md\"");
        } else if (!a.slos().isEmpty()) {
            problems.add("slos = " + a.slos() + ": only used with spec; add spec = \"path/to/spec.md\"");
        }
        if (!problems.isEmpty()) {
            return new Result(null, problems);
        }
        String name = a.name().isBlank() ? defaultName : a.name().trim();
        boolean measured = a.spec().isBlank() || !latencies.isEmpty() || errorRate != null;
        Optional<MeasuredSlos> objectives = measured ? Optional.of(MeasuredSlos.of(name, latencies, errorRate))
                : Optional.empty();
        return new Result(new CheckSettings(name, a.invocations(), a.warmup(), a.threads(), objectives, spec, config,
                a.slos(), a.failOnNoData()), List.of());
    }

    private static Path resolve(Path baseDir, String path) {
        Path p = Paths.get(path.trim());
        return p.isAbsolute() ? p : baseDir.resolve(p);
    }

    private static Path resolveSibling(Path file, String name) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Paths.get(name) : parent.resolve(name);
    }

    /** The outcome of {@link #parse}: settings, or the problems. */
    public record Result(CheckSettings settings, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    /** Whether the test body is run repeatedly and measured. */
    public boolean isMeasured() {
        return measured.isPresent();
    }

    /** Whether a spec is evaluated after the test (or the class). */
    public boolean isSpecDriven() {
        return spec.isPresent();
    }
}
