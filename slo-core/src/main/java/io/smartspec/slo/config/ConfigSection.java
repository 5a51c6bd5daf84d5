package io.smartspec.slo.config;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;
import io.smartspec.slo.internal.config.EnvTemplates;
import io.smartspec.slo.internal.config.YamlNode;
import io.smartspec.slo.internal.config.YamlTree;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One map of {@code observability.yaml} — the top level, a {@code metrics:} entry, an
 * {@code incident_response:} entry, {@code basic_auth:} — with the line of every key, read through
 * typed getters. Each getter returns the value parsed once into its type (a {@link Duration}, an
 * {@code int}, a {@link Secret}, ...) or, when the value is bad, nothing and a located problem:
 * {@code file:line: field: 'value' ...; expected ...}. Problems are collected, never thrown one by
 * one: read every key, then {@link #throwIfInvalid()} or {@link #problems()}.
 *
 * <p>The component that uses a key reads it: the core reads {@code provider}, {@code metrics} and the
 * monitor's settings; each {@link io.smartspec.slo.source.MetricSourceProvider} reads its own keys
 * ({@code url}, {@code max_attempts}, ...) and each {@link ReceiverProvider} those of its receivers.
 * {@code {{env.NAME}}} and {@code {{env.NAME:-default}}} are replaced in every text value.
 *
 * <pre>{@code
 * ConfigSection s = config.settings();
 * int attempts = s.integer("max_attempts", 1, 20).orElse(4);
 * Optional<Duration> limit = s.duration("time_limit");
 * s.rejectUnknownKeys(Set.of("max_attempts", "time_limit"));
 * s.throwIfInvalid();
 * }</pre>
 *
 * <p>A section and the sections reached from it share one list of problems; {@link #fresh()} starts a
 * new list over the same values (each reader of a loaded configuration starts fresh). Not thread-safe.
 *
 * @since 0.1.0
 */
public final class ConfigSection {

    private final String file;
    private final String prefix;
    private final YamlNode.Mapping map;
    private final Map<String, String> env;
    private final Collected problems;

    /** The problems of a section and the sections reached from it, each once, with the count of errors. */
    private static final class Collected {
        private final Set<Problem> set = new LinkedHashSet<>();
        private int errors;

        boolean add(Problem p) {
            boolean added = set.add(p);
            if (added && p.isError()) {
                errors++;
            }
            return added;
        }

        void addAll(Collection<Problem> ps) {
            ps.forEach(this::add);
        }
    }

    private ConfigSection(String file, String prefix, YamlNode.Mapping map, Map<String, String> env,
                          Collected problems) {
        this.file = file;
        this.prefix = prefix;
        this.map = map;
        this.env = env;
        this.problems = problems;
    }

    /**
     * Reads YAML text whose root is a map; a root that is not a map, or text that is not YAML, is a
     * problem of the returned (empty) section.
     *
     * @param file names the text in problems
     * @param env  replaces {@code {{env.NAME}}}
     */
    public static ConfigSection parse(String file, String yaml, Map<String, String> env) {
        Collected problems = new Collected();
        List<Problem> read = new ArrayList<>();
        Optional<YamlNode> root = YamlTree.read(file, yaml, read);
        problems.addAll(read);
        YamlNode.Mapping map = new YamlNode.Mapping(Map.of(), 1);
        if (root.isPresent() && root.get() instanceof YamlNode.Mapping m) {
            map = m;
        } else if (root.isPresent()) {
            problems.add(Problem.error(file, root.get().line(), "expected a map of settings (provider:, metrics:, "
                    + "...), but was " + root.get().kind()));
        } else if (read.isEmpty()) {
            problems.add(Problem.error(file, 0, "is empty; expected at least 'provider:' and 'metrics:'"));
        }
        return new ConfigSection(file, "", map, Map.copyOf(env), problems);
    }

    /** A section with no keys, for configurations made in code. */
    public static ConfigSection empty(String file) {
        return new ConfigSection(file, "", new YamlNode.Mapping(Map.of(), 0), Map.of(), new Collected());
    }

    /** An unmodifiable set of keys in the order given, for messages that list accepted keys. */
    public static Set<String> keys(String... keys) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }

    /** The same values with a new, empty list of problems. */
    public ConfigSection fresh() {
        return new ConfigSection(file, prefix, map, env, new Collected());
    }

    /** The same values whose problems are named {@code prefix} (e.g. {@code metric 'api_p99': }). */
    public ConfigSection named(String prefix) {
        return new ConfigSection(file, Objects.requireNonNull(prefix, "prefix"), map, env, problems);
    }

    /** The file the section was read from, or {@code ""}. */
    public String file() {
        return file;
    }

    /** How problems name this section: {@code ""} at the top, {@code metric 'x': }, {@code basic_auth: }. */
    public String prefix() {
        return prefix;
    }

    /** The line of the section (its first key), or 0 for a section made in code. */
    public int line() {
        return map.line();
    }

    /** The line of {@code key}, or of the section when the key is absent. */
    public int line(String key) {
        YamlNode.Entry e = map.entries().get(key);
        return e == null ? map.line() : e.line();
    }

    /** Whether {@code key} is written with a value ({@code key:} alone is YAML's null: absent). */
    public boolean has(String key) {
        YamlNode.Entry e = map.entries().get(key);
        return e != null && !(e.value() instanceof YamlNode.Scalar s && s.isNull());
    }

    /** The keys written in this section, in file order. */
    public Set<String> keys() {
        return new LinkedHashSet<>(map.entries().keySet());
    }

    /** Adds a problem located at {@code key}: {@code file:line: prefix key: message}. */
    public void error(String key, String message) {
        problems.add(Problem.error(file, line(key), prefix + key + ": " + message));
    }

    /** Adds a problem located at this section: {@code file:line: prefix message}. */
    public void error(String message) {
        problems.add(Problem.error(file, map.line(), prefix + message));
    }

    /** Adds {@code key: missing; hint} at the section's line, when {@code key} has no value. */
    public boolean require(String key, String hint) {
        if (has(key)) {
            return true;
        }
        problems.add(Problem.error(file, map.line(), prefix + key + ": missing; " + hint));
        return false;
    }

    /** The problems found so far by this section and the sections reached from it, in the order found. */
    public List<Problem> problems() {
        return List.copyOf(problems.set);
    }

    /** Whether an error was found so far. */
    public boolean hasErrors() {
        return problems.errors > 0;
    }

    /** How many errors were found so far. */
    public int errorCount() {
        return problems.errors;
    }

    /**
     * @throws SloValidationException listing every problem found so far, in file order, when one is an error
     */
    public void throwIfInvalid() {
        if (hasErrors()) {
            List<Problem> inFileOrder = new ArrayList<>(problems.set);
            inFileOrder.sort(java.util.Comparator.comparingInt(Problem::line));
            throw new SloValidationException(inFileOrder);
        }
    }

    /**
     * Every key of this section that is not {@code known} is a problem, with the nearest known key or the
     * list of accepted ones.
     */
    public void rejectUnknownKeys(Collection<String> known) {
        for (YamlNode.Entry e : map.entries().values()) {
            if (known.contains(e.key())) {
                continue;
            }
            String hint = Problem.nearest(e.key(), known).map(s -> "did you mean '" + s + "'?")
                    .orElse(known.isEmpty() ? "this section takes no keys" : "accepted: " + String.join(", ", known));
            problems.add(Problem.error(file, e.line(), prefix + "unknown key '" + e.key() + "'; " + hint));
        }
    }

    // ---- typed values ----

    /** The text at {@code key}, with {@code {{env.NAME}}} replaced; a list or a map there is a problem. */
    public Optional<String> string(String key) {
        return scalar(key).flatMap(s -> resolve(key, s)).map(EnvTemplates.Resolved::value);
    }

    /** The text at {@code key}, trimmed and lower-cased, when it is one of {@code accepted} (else a problem). */
    public Optional<String> oneOf(String key, Collection<String> accepted) {
        Optional<String> text = string(key).map(t -> t.trim().toLowerCase(Locale.ROOT));
        if (text.isPresent() && !accepted.contains(text.get())) {
            error(key, "'" + text.get() + "' is not accepted; expected one of " + String.join(", ", accepted)
                    + Problem.didYouMean(text.get(), accepted));
            return Optional.empty();
        }
        return text;
    }

    /**
     * A secret: its origin is the environment variable it came from, or the file and line. An empty value
     * is a problem.
     */
    public Optional<Secret> secret(String key) {
        return scalar(key).flatMap(s -> secretOf(prefix + key, s));
    }

    /** An http(s) URL with a host; other values are a problem that shows the URL without credentials. */
    public Optional<URI> url(String key) {
        Optional<String> text = string(key).map(String::trim);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get());
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        error(key, "'" + Secret.redactUrl(text.get()) + "' is not an http(s) URL; e.g. http://127.0.0.1:9090");
        return Optional.empty();
    }

    /** A positive duration: a number with a unit, {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
    public Optional<Duration> duration(String key) {
        return duration(key, false);
    }

    /** Like {@link #duration(String)}, with {@code 0s} accepted too. */
    public Optional<Duration> durationOrZero(String key) {
        return duration(key, true);
    }

    private Optional<Duration> duration(String key, boolean zero) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            Quantity q = Quantity.parse(text.get());
            if (q.dimension() == Unit.Dimension.DURATION && (q.value() > 0 || zero && q.value() == 0)) {
                return Optional.of(Duration.ofNanos(Math.round(q.canonicalValue() * 1e9)));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        error(key, "'" + text.get().trim() + "' is not a " + (zero ? "" : "positive ")
                + "duration; expected a number with a unit: ms, s, m or h (e.g. 10s, 500ms)");
        return Optional.empty();
    }

    /** A window: {@code 5m}, {@code 1h}, {@code 30d}, {@code 4w} ({@link Windows#parse}). */
    public Optional<Duration> window(String key) {
        Optional<String> text = string(key);
        try {
            return text.map(Windows::parse);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return Optional.empty();
        }
    }

    /** A whole number from {@code minimum} to {@code maximum}. */
    public Optional<Integer> integer(String key, int minimum, int maximum) {
        Optional<String> text = string(key).map(String::trim);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(text.get());
            if (n >= minimum && n <= maximum) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(key, "'" + text.get() + "' is not a whole number " + (maximum == Integer.MAX_VALUE
                ? "of at least " + minimum : "from " + minimum + " to " + maximum));
        return Optional.empty();
    }

    /** A whole number of events, 0 or more ({@code min_events}); {@code 1_000} is accepted. */
    public java.util.OptionalLong count(String key) {
        Optional<String> text = string(key).map(String::trim);
        if (text.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(text.get().replace("_", ""));
            if (n >= 0) {
                return java.util.OptionalLong.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(key, "'" + text.get() + "' is not a whole number of events, 0 or more (e.g. " + key + ": 100)");
        return java.util.OptionalLong.empty();
    }

    /** {@code true} or {@code false} (any case). */
    public Optional<Boolean> bool(String key) {
        Optional<String> text = string(key).map(t -> t.trim().toLowerCase(Locale.ROOT));
        if (text.isEmpty() || text.get().equals("true") || text.get().equals("false")) {
            return text.map(Boolean::parseBoolean);
        }
        error(key, "'" + text.get() + "' is not accepted; expected true or false");
        return Optional.empty();
    }

    /** A unit of {@link Unit#parse}. */
    public Optional<Unit> unit(String key) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Unit> unit = Unit.parse(text.get());
        if (unit.isEmpty()) {
            error(key, "unit '" + text.get().trim() + "' is unknown; accepted: " + Unit.ACCEPTED);
        }
        return unit;
    }

    /** Priorities as a list ({@code [P0, P1]}) or comma-separated text; empty when absent. */
    public Set<Priority> priorities(String key) {
        Set<Priority> priorities = EnumSet.noneOf(Priority.class);
        for (Located s : texts(key, "a list of priorities (e.g. [P0, P1])")) {
            Optional<Priority> p = Priority.parse(s.text);
            if (p.isPresent()) {
                priorities.add(p.get());
            } else {
                problems.add(Problem.error(file, s.line, prefix + key + ": '" + s.text.trim()
                        + "' is not a priority; expected P0, P1, P2 or P3"));
            }
        }
        return priorities;
    }

    /** Plain values as a list ({@code [a, b]}) or comma-separated text; empty when absent. */
    public List<String> strings(String key) {
        return texts(key, "a list of values (e.g. [a, b])").stream().map(l -> l.text).toList();
    }

    /**
     * The items of a YAML list ({@code [a, "b c"]} or one {@code - item} per line), each a plain value
     * with {@code {{env.NAME}}} replaced; empty when absent. Unlike {@link #strings(String)}, text is
     * never split: a single value is a problem ({@code expected} says what the list holds), for keys
     * where splitting would change the meaning (a command's arguments).
     *
     * @since 0.1.0
     */
    public Optional<List<String>> list(String key, String expected) {
        YamlNode.Entry e = map.entries().get(key);
        if (e == null || e.value() instanceof YamlNode.Scalar s && s.isNull()) {
            return Optional.empty();
        }
        if (!(e.value() instanceof YamlNode.Sequence)) {
            error(key, "expected a list of " + expected + ", but was " + e.value().kind());
            return Optional.empty();
        }
        return Optional.of(texts(key, expected).stream().map(l -> l.text).toList());
    }

    /** A map of names to secret values (e.g. {@code headers:}); empty when absent. */
    public Map<String, Secret> secrets(String key) {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        Optional<YamlNode.Mapping> node = mapping(key, "a map of names to values");
        node.ifPresent(h -> h.entries().values().forEach(e -> {
            String field = prefix + key + "." + e.key();
            if (!(e.value() instanceof YamlNode.Scalar s) || s.isNull()) {
                problems.add(Problem.error(file, e.line(), field + ": expected a text value, but was "
                        + e.value().kind()));
                return;
            }
            secretOf(field, s).ifPresent(secret -> secrets.put(e.key(), secret));
        }));
        return secrets;
    }

    /** The map at {@code key} as a section whose problems are named {@code key: }; another kind is a problem. */
    public Optional<ConfigSection> section(String key) {
        return mapping(key, "a map").map(m -> new ConfigSection(file, prefix + key + ": ", m, env, problems));
    }

    /**
     * The maps of the list at {@code key}, each named {@code key[i]: }; an item that is not a map is a
     * problem ({@code expected} says what an item should be).
     */
    public List<ConfigSection> sections(String key, String expected) {
        List<ConfigSection> sections = new ArrayList<>();
        YamlNode.Entry e = map.entries().get(key);
        if (e == null || e.value() instanceof YamlNode.Scalar s && s.isNull()) {
            return sections;
        }
        if (!(e.value() instanceof YamlNode.Sequence seq)) {
            error(key, "expected a list of " + expected + ", but was " + e.value().kind());
            return sections;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String where = key + "[" + i + "]";
            if (item instanceof YamlNode.Mapping m) {
                sections.add(new ConfigSection(file, where + ": ", m, env, problems));
            } else {
                problems.add(Problem.error(file, item.line(), where + ": expected " + expected + ", but was "
                        + item.kind()));
            }
        }
        return sections;
    }

    @Override
    public String toString() {
        return "ConfigSection[" + file + (map.line() > 0 ? ":" + map.line() : "") + " " + prefix + "keys="
                + map.entries().keySet() + "]";
    }

    // ---- nodes ----

    private record Located(String text, int line) {
    }

    private Optional<YamlNode.Scalar> scalar(String key) {
        YamlNode.Entry e = map.entries().get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.value() instanceof YamlNode.Scalar s) {
            return s.isNull() ? Optional.empty() : Optional.of(s);
        }
        error(key, "expected a single value, but was " + e.value().kind());
        return Optional.empty();
    }

    private Optional<YamlNode.Mapping> mapping(String key, String expected) {
        YamlNode.Entry e = map.entries().get(key);
        if (e == null || e.value() instanceof YamlNode.Scalar s && s.isNull()) {
            return Optional.empty();
        }
        if (e.value() instanceof YamlNode.Mapping m) {
            return Optional.of(m);
        }
        error(key, "expected " + expected + ", but was " + e.value().kind());
        return Optional.empty();
    }

    private List<Located> texts(String key, String expected) {
        YamlNode.Entry e = map.entries().get(key);
        List<Located> values = new ArrayList<>();
        if (e == null || e.value() instanceof YamlNode.Scalar s && s.isNull()) {
            return values;
        }
        if (e.value() instanceof YamlNode.Sequence seq) {
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                    resolve(key, s).ifPresent(r -> values.add(new Located(r.value(), s.line())));
                } else {
                    problems.add(Problem.error(file, item.line(), prefix + key + ": expected plain values, but found "
                            + item.kind()));
                }
            }
        } else if (e.value() instanceof YamlNode.Scalar s) {
            resolve(key, s).ifPresent(r -> {
                for (String part : r.value().split(",")) {
                    if (!part.isBlank()) {
                        values.add(new Located(part.trim(), s.line()));
                    }
                }
            });
        } else {
            error(key, "expected " + expected + ", but was " + e.value().kind());
        }
        return values;
    }

    private Optional<EnvTemplates.Resolved> resolve(String key, YamlNode.Scalar s) {
        return EnvTemplates.resolve(s.text(), env, msg -> problems.add(Problem.error(file, s.line(),
                prefix + key + ": " + msg)));
    }

    private Optional<Secret> secretOf(String field, YamlNode.Scalar s) {
        return EnvTemplates.resolve(s.text(), env, msg -> problems.add(Problem.error(file, s.line(), field + ": "
                + msg))).flatMap(resolved -> {
                    String origin = resolved.isSingleVariable(s.text()) ? "env " + resolved.variables().get(0)
                            : file + ":" + s.line() + (resolved.variables().isEmpty() ? ""
                            : " with env " + String.join(", ", resolved.variables()));
                    if (resolved.value().isBlank()) {
                        problems.add(Problem.error(file, s.line(), field + ": is empty (from " + origin + ")"));
                        return Optional.empty();
                    }
                    return Optional.of(Secret.of(resolved.value(), origin));
                });
    }
}
