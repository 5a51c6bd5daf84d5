package io.smartspec.slo.internal.config;

import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads {@code observability.yaml} into an {@link ObservabilityConfig} in two steps: the YAML text into
 * a tree with line numbers ({@link YamlTree}), then the tree into the model, collecting every problem
 * of the file before throwing one {@link SloValidationException}.
 *
 * <pre>
 * provider: datadog                      # required
 * api_key: "{{env.DATADOG_API_KEY}}"     # secrets: api_key, app_key, bearer_token, basic_auth.password, headers
 * metrics:
 *   - name: api_latency_p99
 *     query: "avg:trace.rack.request.duration{service:my-api}.p99"
 *     unit: s                            # the unit the query returns
 *   - name: availability
 *     good_query: "sum(rate(http_requests_total{code!~'5..'}[{{window}}]))"
 *     total_query: "sum(rate(http_requests_total[{{window}}]))"
 * incident_response:
 *   - type: pagerduty
 *     routing_key: "{{env.PAGERDUTY_ROUTING_KEY}}"
 *     priorities: [P0, P1]
 * </pre>
 */
public final class ObservabilityYamlReader {

    /** Top-level keys. */
    static final Set<String> TOP_LEVEL = ordered("provider", "url", "site", "api_key", "app_key", "bearer_token",
            "basic_auth", "headers", "timeout", "metrics", "incident_response", "min_events");
    /**
     * Top-level settings kept as {@link ObservabilityConfig#options()}: the monitor's ({@code interval},
     * {@code query_concurrency}, {@code breach_for}, {@code reminder_every}, {@code alert_when_no_data}) and
     * the providers' ({@code max_attempts}, {@code time_limit}, {@code initial_backoff}, {@code max_backoff},
     * {@code window} / {@code lookback}, {@code step}).
     */
    static final Set<String> TOP_LEVEL_OPTIONS = ordered("interval", "query_concurrency", "breach_for",
            "reminder_every", "alert_when_no_data", "max_attempts", "time_limit", "initial_backoff", "max_backoff",
            "window", "lookback", "step");
    /** Top-level options that are positive durations, kept in a form every provider parses (2m, 250ms). */
    static final Set<String> DURATION_OPTIONS = ordered("interval", "reminder_every", "time_limit",
            "initial_backoff", "max_backoff");
    /** The monitor's bound on {@code query_concurrency}. */
    static final int MAX_QUERY_CONCURRENCY = 1024;
    static final Set<String> BASIC_AUTH = ordered("username", "password");
    static final Set<String> METRIC = ordered("name", "query", "good_query", "bad_query", "total_query", "unit",
            "window", "aggregation", "min_events");
    /** Per-metric provider settings kept as {@link MetricBinding#options()}. */
    static final Set<String> METRIC_OPTIONS = ordered("per_label", "statistic", "tags", "from", "step",
            "description");
    static final Set<String> AGGREGATIONS = ordered("last", "avg", "max", "min", "sum");
    static final Set<String> RECEIVER = ordered("type", "url", "routing_key", "webhook_url", "secret", "token",
            "priorities");
    /** Receiver keys whose values are {@link Secret}s. */
    static final Set<String> RECEIVER_SECRETS = ordered("routing_key", "webhook_url", "secret", "token");
    /** Other receiver settings kept as {@link ReceiverConfig#options()}. */
    static final Set<String> RECEIVER_OPTIONS = ordered("repeat_interval", "channel", "severity", "timeout",
            "username", "source", "component", "group");
    /** Receiver types, and the key each one needs. */
    static final Map<String, String> RECEIVER_TYPES = orderedMap(
            "alertmanager", "url", "pagerduty", "routing_key", "slack", "webhook_url", "webhook", "url");

    private final String file;
    private final Map<String, String> env;
    private final List<Problem> problems = new ArrayList<>();

    private ObservabilityYamlReader(String file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /**
     * Reads a file.
     *
     * @throws SloValidationException naming the file when it is missing or unreadable, and every problem
     *                                of its contents
     */
    public static ObservabilityConfig load(Path path, Map<String, String> env) {
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
        return parse(name, text, env);
    }

    /**
     * Reads YAML text; {@code fileName} is used in messages.
     *
     * @throws SloValidationException listing every problem, each as {@code file:line: field: message}
     */
    public static ObservabilityConfig parse(String fileName, String yaml, Map<String, String> env) {
        InputLimits.checkLength(fileName, yaml).ifPresent(p -> {
            throw new SloValidationException(List.of(p));
        });
        ObservabilityYamlReader reader = new ObservabilityYamlReader(fileName, Map.copyOf(env));
        ObservabilityConfig config = reader.read(yaml);
        if (reader.problems.stream().anyMatch(Problem::isError)) {
            List<Problem> inFileOrder = new ArrayList<>(reader.problems);
            inFileOrder.sort(Comparator.comparingInt(Problem::line));
            throw new SloValidationException(inFileOrder);
        }
        return config;
    }

    private ObservabilityConfig read(String yaml) {
        Optional<YamlNode> root = YamlTree.read(file, yaml, problems);
        if (root.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(Problem.error(file, 0, "is empty; expected at least 'provider:' and 'metrics:'"));
            }
            return null;
        }
        if (!(root.get() instanceof YamlNode.Mapping map)) {
            problems.add(Problem.error(file, root.get().line(), "expected a map of settings (provider:, metrics:, "
                    + "...), but was " + root.get().kind()));
            return null;
        }
        Section top = new Section("", map, TOP_LEVEL, TOP_LEVEL_OPTIONS);
        Optional<String> provider = top.text("provider").map(p -> p.trim().toLowerCase(Locale.ROOT));
        if (provider.isEmpty() && !top.has("provider")) {
            problems.add(Problem.error(file, 0,
                    "provider: missing; e.g. provider: prometheus (or datadog, micrometer)"));
        } else if (provider.isPresent() && provider.get().isEmpty()) {
            problems.add(Problem.error(file, top.line("provider"), "provider: is empty; e.g. provider: prometheus"));
        }
        Optional<String> url = top.url("url");
        Optional<String> site = top.text("site");
        Optional<Secret> apiKey = top.secret("api_key");
        Optional<Secret> appKey = top.secret("app_key");
        Optional<Secret> bearerToken = top.secret("bearer_token");
        Optional<String> username = Optional.empty();
        Optional<Secret> password = Optional.empty();
        Optional<Section> basicAuth = top.section("basic_auth", BASIC_AUTH, Set.of(), "a map with username and password");
        if (basicAuth.isPresent()) {
            Section auth = basicAuth.get();
            username = auth.text("username");
            password = auth.secret("password");
            for (String key : BASIC_AUTH) {
                if (!auth.has(key)) {
                    problems.add(Problem.error(file, auth.map.line(), "basic_auth: " + key + ": missing"));
                }
            }
            auth.reportUnknownKeys();
        }
        Map<String, Secret> headers = headers(top);
        Optional<Duration> timeout = top.duration("timeout");
        OptionalLong minEvents = top.count("min_events");
        List<MetricBinding> metrics = metrics(top, minEvents);
        List<ReceiverConfig> receivers = receivers(top);
        top.integer("query_concurrency", 1, MAX_QUERY_CONCURRENCY);
        top.integer("max_attempts", 1, Integer.MAX_VALUE);
        Map<String, String> durations = new LinkedHashMap<>();
        for (String key : DURATION_OPTIONS) {
            top.duration(key).ifPresent(d -> durations.put(key, DurationOptions.format(d)));
        }
        top.durationOrZero("breach_for").ifPresent(d -> durations.put("breach_for", DurationOptions.format(d)));
        top.window("window");
        top.window("lookback");
        Optional<Boolean> alertWhenNoData = top.bool("alert_when_no_data");
        Map<String, String> options = top.options();
        options.putAll(durations);
        alertWhenNoData.ifPresent(b -> options.put("alert_when_no_data", b.toString()));
        top.reportUnknownKeys();
        if (provider.isEmpty() || problems.stream().anyMatch(Problem::isError)) {
            return null;
        }
        return new ObservabilityConfig(file, provider.get(), url, site, apiKey, appKey, bearerToken, username,
                password, headers, timeout, metrics, receivers, options);
    }

    private Map<String, Secret> headers(Section top) {
        Map<String, Secret> headers = new LinkedHashMap<>();
        Optional<YamlNode.Mapping> node = top.mapping("headers", "a map of header names to values");
        node.ifPresent(h -> h.entries().values().forEach(e -> {
            String field = "headers." + e.key();
            if (!(e.value() instanceof YamlNode.Scalar s) || s.isNull()) {
                problems.add(Problem.error(file, e.line(), field + ": expected a text value, but was "
                        + e.value().kind()));
                return;
            }
            secretOf(field, s).ifPresent(secret -> headers.put(e.key(), secret));
        }));
        return headers;
    }

    private List<MetricBinding> metrics(Section top, OptionalLong fileMinEvents) {
        List<MetricBinding> metrics = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<YamlNode> items = top.list("metrics", "a list of metrics (- name: ..., query: ...)");
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String where = "metrics[" + i + "]";
            if (!(item instanceof YamlNode.Mapping map)) {
                problems.add(Problem.error(file, item.line(), where + ": expected a map with name and query, but was "
                        + item.kind()));
                continue;
            }
            Section m = new Section(where + ": ", map, METRIC, METRIC_OPTIONS);
            Optional<String> name = m.text("name").map(String::trim).filter(n -> !n.isEmpty());
            if (name.isPresent()) {
                m.prefix = "metric '" + name.get() + "': ";
            } else {
                problems.add(Problem.error(file, map.line(), where + ": name: missing; the name of the metric as "
                        + "written in spec.md (e.g. name: api_latency_p99)"));
            }
            int problemsBefore = errorCount();
            Optional<String> query = m.text("query");
            Optional<String> good = m.text("good_query");
            Optional<String> bad = m.text("bad_query");
            Optional<String> total = m.text("total_query");
            Optional<Unit> unit = m.unit("unit");
            Optional<Duration> window = m.window("window");
            Optional<String> aggregation = m.oneOf("aggregation", AGGREGATIONS);
            OptionalLong minEvents = m.count("min_events");
            if (minEvents.isEmpty()) {
                minEvents = fileMinEvents;
            }
            Map<String, String> options = m.options();
            m.reportUnknownKeys();
            String who = m.prefix;
            if (good.isPresent() && bad.isPresent()) {
                problems.add(Problem.error(file, m.line("bad_query"), who + "good_query and bad_query are both "
                        + "given; a ratio counts either good or bad events, with total_query"));
            } else if ((good.isPresent() || bad.isPresent()) && total.isEmpty()) {
                problems.add(Problem.error(file, m.line(good.isPresent() ? "good_query" : "bad_query"), who
                        + (good.isPresent() ? "good_query" : "bad_query") + " needs total_query (all events)"));
            } else if (total.isPresent() && good.isEmpty() && bad.isEmpty()) {
                problems.add(Problem.error(file, m.line("total_query"), who
                        + "total_query needs good_query or bad_query"));
            } else if (query.isEmpty() && total.isEmpty() && !m.hasAny("query", "good_query", "bad_query",
                    "total_query")) {
                problems.add(Problem.error(file, map.line(), who + "no query; give query (a threshold metric) or "
                        + "good_query or bad_query with total_query (a ratio)"));
            }
            Map<String, Optional<String>> queries = orderedQueries(query, good, bad, total);
            queries.forEach((key, q) -> q.filter(String::isBlank).ifPresent(blank -> problems.add(
                    Problem.error(file, m.line(key), who + key + ": is empty"))));
            if (name.isPresent()) {
                Integer first = seen.putIfAbsent(name.get(), map.line());
                if (first != null) {
                    problems.add(Problem.error(file, map.line(), who + "listed twice (first on line " + first
                            + "); keep one"));
                    continue;
                }
            }
            if (name.isPresent() && errorCount() == problemsBefore) {
                metrics.add(new MetricBinding(name.get(), map.line(), query, good, bad, total, unit, window,
                        aggregation, options, minEvents));
            }
        }
        return metrics;
    }

    private List<ReceiverConfig> receivers(Section top) {
        List<ReceiverConfig> receivers = new ArrayList<>();
        List<YamlNode> items = top.list("incident_response", "a list of receivers (- type: pagerduty, ...)");
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String where = "incident_response[" + i + "]";
            if (!(item instanceof YamlNode.Mapping map)) {
                problems.add(Problem.error(file, item.line(), where + ": expected a map with type and its settings, "
                        + "but was " + item.kind()));
                continue;
            }
            Section r = new Section(where + ": ", map, RECEIVER, RECEIVER_OPTIONS);
            int problemsBefore = errorCount();
            Optional<String> type = r.text("type").map(t -> t.trim().toLowerCase(Locale.ROOT));
            if (type.isEmpty()) {
                problems.add(Problem.error(file, map.line(), where + ": type: missing; expected one of "
                        + String.join(", ", RECEIVER_TYPES.keySet())));
            } else if (!RECEIVER_TYPES.containsKey(type.get())) {
                problems.add(Problem.error(file, r.line("type"), where + ": type: '" + type.get()
                        + "' is not a receiver type; expected one of " + String.join(", ", RECEIVER_TYPES.keySet())
                        + Suggestions.nearest(type.get(), RECEIVER_TYPES.keySet())
                        .map(s -> " (did you mean '" + s + "'?)").orElse("")));
            } else {
                r.prefix = where + " (" + type.get() + "): ";
            }
            Optional<String> url = r.url("url");
            Map<String, Secret> secrets = new LinkedHashMap<>();
            for (String key : RECEIVER_SECRETS) {
                r.secret(key).ifPresent(s -> secrets.put(key, s));
            }
            Optional<Secret> webhook = Optional.ofNullable(secrets.get("webhook_url"));
            if (webhook.isPresent() && !isHttpUrl(webhook.get().reveal())) {
                problems.add(Problem.error(file, r.line("webhook_url"), r.prefix + "webhook_url: is not an http(s) "
                        + "URL (value from " + webhook.get().origin() + " not shown)"));
            }
            Set<Priority> priorities = r.priorities("priorities");
            r.duration("timeout");
            r.duration("repeat_interval");
            Map<String, String> options = r.options();
            r.reportUnknownKeys();
            if (type.isPresent() && RECEIVER_TYPES.containsKey(type.get())) {
                String needed = RECEIVER_TYPES.get(type.get());
                if (!r.has(needed)) {
                    problems.add(Problem.error(file, map.line(), r.prefix + needed + ": missing; " + type.get()
                            + " receivers need it"));
                }
            }
            if (type.isPresent() && errorCount() == problemsBefore) {
                receivers.add(new ReceiverConfig(type.get(), map.line(), url, secrets, priorities, options));
            }
        }
        return receivers;
    }

    private static Map<String, Optional<String>> orderedQueries(Optional<String> query, Optional<String> good,
                                                               Optional<String> bad, Optional<String> total) {
        Map<String, Optional<String>> queries = new LinkedHashMap<>();
        queries.put("query", query);
        queries.put("good_query", good);
        queries.put("bad_query", bad);
        queries.put("total_query", total);
        return queries;
    }

    private int errorsCounted;
    private int problemsScanned;

    /** The errors found so far; problems are only appended while reading, so each is looked at once. */
    private int errorCount() {
        for (; problemsScanned < problems.size(); problemsScanned++) {
            if (problems.get(problemsScanned).isError()) {
                errorsCounted++;
            }
        }
        return errorsCounted;
    }

    /** A secret from a scalar: its origin is the environment variable, or the file and line. */
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

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Set<String> ordered(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** One mapping of the file, its known keys, and typed reads that report problems with the key's line. */
    private final class Section {
        private String prefix;
        private final YamlNode.Mapping map;
        private final Set<String> known;
        private final Set<String> optionKeys;
        private final Map<String, Optional<String>> texts = new HashMap<>();

        Section(String prefix, YamlNode.Mapping map, Set<String> known, Set<String> optionKeys) {
            this.prefix = prefix;
            this.map = map;
            this.known = known;
            this.optionKeys = optionKeys;
        }

        boolean has(String key) {
            YamlNode.Entry e = map.entries().get(key);
            return e != null && !(e.value() instanceof YamlNode.Scalar s && s.isNull());
        }

        boolean hasAny(String... keys) {
            for (String k : keys) {
                if (has(k)) {
                    return true;
                }
            }
            return false;
        }

        int line(String key) {
            YamlNode.Entry e = map.entries().get(key);
            return e == null ? map.line() : e.line();
        }

        private void error(String key, String message) {
            problems.add(Problem.error(file, line(key), prefix + key + ": " + message));
        }

        /** The scalar at {@code key} (empty when absent or null); other kinds are a problem. */
        Optional<YamlNode.Scalar> scalar(String key) {
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

        /** The text at {@code key}, with {@code {{env.NAME}}} replaced. */
        Optional<String> text(String key) {
            if (!texts.containsKey(key)) {
                texts.put(key, resolve(key));
            }
            return texts.get(key);
        }

        private Optional<String> resolve(String key) {
            return scalar(key).flatMap(s -> EnvTemplates.resolve(s.text(), env, msg -> error(key, msg))
                    .map(EnvTemplates.Resolved::value));
        }

        Optional<Secret> secret(String key) {
            return scalar(key).flatMap(s -> secretOf(prefix + key, s));
        }

        Optional<String> url(String key) {
            Optional<String> url = text(key).map(String::trim);
            if (url.isPresent() && !isHttpUrl(url.get())) {
                error(key, "'" + Secret.redactUrl(url.get()) + "' is not an http(s) URL; e.g. http://127.0.0.1:9090");
                return Optional.empty();
            }
            return url;
        }

        Optional<Duration> duration(String key) {
            Optional<String> text = text(key);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                Quantity q = Quantity.parse(text.get());
                if (q.dimension() == Unit.Dimension.DURATION && q.value() > 0) {
                    return Optional.of(Duration.ofNanos(Math.round(q.canonicalValue() * 1e9)));
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            error(key, "'" + text.get().trim() + "' is not a positive duration; expected a number with a unit: "
                    + "ms, s, m or h (e.g. 10s, 500ms)");
            return Optional.empty();
        }

        /** Like {@link #duration} but {@code 0s} is accepted too. */
        Optional<Duration> durationOrZero(String key) {
            Optional<String> text = text(key);
            try {
                if (text.isPresent()) {
                    Quantity q = Quantity.parse(text.get());
                    if (q.dimension() == Unit.Dimension.DURATION && q.value() == 0) {
                        return Optional.of(Duration.ZERO);
                    }
                }
            } catch (IllegalArgumentException e) {
                // reported by duration(key)
            }
            return duration(key);
        }

        Optional<Boolean> bool(String key) {
            Optional<String> text = text(key).map(t -> t.trim().toLowerCase(Locale.ROOT));
            if (text.isEmpty() || text.get().equals("true") || text.get().equals("false")) {
                return text.map(Boolean::parseBoolean);
            }
            error(key, "'" + text.get() + "' is not accepted; expected true or false");
            return Optional.empty();
        }

        Optional<Duration> window(String key) {
            Optional<String> text = text(key);
            try {
                return text.map(Windows::parse);
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return Optional.empty();
            }
        }

        Optional<Unit> unit(String key) {
            Optional<String> text = text(key);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Optional<Unit> unit = Unit.parse(text.get());
            if (unit.isEmpty()) {
                error(key, "unit '" + text.get().trim() + "' is unknown; accepted: " + Unit.ACCEPTED);
            }
            return unit;
        }

        Optional<String> oneOf(String key, Set<String> accepted) {
            Optional<String> text = text(key).map(t -> t.trim().toLowerCase(Locale.ROOT));
            if (text.isPresent() && !accepted.contains(text.get())) {
                error(key, "'" + text.get() + "' is not accepted; expected one of " + String.join(", ", accepted));
                return Optional.empty();
            }
            return text;
        }

        /** A whole number of events, 0 or more ({@code min_events}). */
        OptionalLong count(String key) {
            Optional<String> text = text(key).map(String::trim);
            if (text.isEmpty()) {
                return OptionalLong.empty();
            }
            try {
                long n = Long.parseLong(text.get().replace("_", ""));
                if (n >= 0) {
                    return OptionalLong.of(n);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            error(key, "'" + text.get() + "' is not a whole number of events, 0 or more (e.g. " + key + ": 100)");
            return OptionalLong.empty();
        }

        void integer(String key, int minimum, int maximum) {
            text(key).map(String::trim).ifPresent(t -> {
                try {
                    int n = Integer.parseInt(t);
                    if (n >= minimum && n <= maximum) {
                        return;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                error(key, "'" + t + "' is not a whole number " + (maximum == Integer.MAX_VALUE
                        ? "of at least " + minimum : "from " + minimum + " to " + maximum));
            });
        }

        Set<Priority> priorities(String key) {
            YamlNode.Entry e = map.entries().get(key);
            if (e == null || e.value() instanceof YamlNode.Scalar s && s.isNull()) {
                return Set.of();
            }
            List<YamlNode.Scalar> values = new ArrayList<>();
            if (e.value() instanceof YamlNode.Sequence seq) {
                for (YamlNode item : seq.items()) {
                    if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                        values.add(s);
                    } else {
                        problems.add(Problem.error(file, item.line(), prefix + key + ": expected a priority (P0..P3), "
                                + "but was " + item.kind()));
                    }
                }
            } else if (e.value() instanceof YamlNode.Scalar s) {
                for (String part : s.text().split(",")) {
                    values.add(new YamlNode.Scalar(part.trim(), s.line(), true));
                }
            } else {
                error(key, "expected a list of priorities (e.g. [P0, P1]), but was " + e.value().kind());
                return Set.of();
            }
            Set<Priority> priorities = EnumSet.noneOf(Priority.class);
            for (YamlNode.Scalar s : values) {
                Optional<Priority> p = Priority.parse(s.text());
                if (p.isPresent()) {
                    priorities.add(p.get());
                } else {
                    problems.add(Problem.error(file, s.line(), prefix + key + ": '" + s.text().trim()
                            + "' is not a priority; expected P0, P1, P2 or P3"));
                }
            }
            return priorities;
        }

        Optional<YamlNode.Mapping> mapping(String key, String expected) {
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

        Optional<Section> section(String key, Set<String> keys, Set<String> options, String expected) {
            return mapping(key, expected).map(m -> new Section(prefix + key + ": ", m, keys, options));
        }

        List<YamlNode> list(String key, String expected) {
            YamlNode.Entry e = map.entries().get(key);
            if (e == null || e.value() instanceof YamlNode.Scalar s && s.isNull()) {
                return List.of();
            }
            if (e.value() instanceof YamlNode.Sequence seq) {
                return seq.items();
            }
            error(key, "expected " + expected + ", but was " + e.value().kind());
            return List.of();
        }

        /** The provider settings of this section: scalars as text, lists joined with ',', maps as k=v. */
        Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            for (String key : optionKeys) {
                YamlNode.Entry e = map.entries().get(key);
                if (e == null) {
                    continue;
                }
                if (e.value() instanceof YamlNode.Scalar) {
                    text(key).ifPresent(v -> options.put(key, v));
                } else if (e.value() instanceof YamlNode.Sequence seq) {
                    flatten(key, seq.items().stream().map(i -> new YamlNode.Entry(null, i.line(), i)).toList())
                            .ifPresent(v -> options.put(key, v));
                } else if (e.value() instanceof YamlNode.Mapping m) {
                    flatten(key, List.copyOf(m.entries().values())).ifPresent(v -> options.put(key, v));
                }
            }
            return options;
        }

        private Optional<String> flatten(String key, List<YamlNode.Entry> entries) {
            List<String> parts = new ArrayList<>();
            for (YamlNode.Entry item : entries) {
                if (!(item.value() instanceof YamlNode.Scalar s) || s.isNull()) {
                    problems.add(Problem.error(file, item.line(), prefix + key + ": expected plain values, but "
                            + "found " + item.value().kind()));
                    return Optional.empty();
                }
                Optional<EnvTemplates.Resolved> v = EnvTemplates.resolve(s.text(), env, msg -> problems.add(
                        Problem.error(file, s.line(), prefix + key + ": " + msg)));
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                parts.add(item.key() == null ? v.get().value() : item.key() + "=" + v.get().value());
            }
            return Optional.of(String.join(",", parts));
        }

        /** Every key that is neither known nor an option is a problem, with the nearest known key. */
        void reportUnknownKeys() {
            Set<String> all = new LinkedHashSet<>(known);
            all.addAll(optionKeys);
            for (YamlNode.Entry e : map.entries().values()) {
                if (all.contains(e.key())) {
                    continue;
                }
                String hint = Suggestions.nearest(e.key(), all).map(s -> "did you mean '" + s + "'?")
                        .orElse("accepted: " + String.join(", ", all));
                problems.add(Problem.error(file, e.line(), prefix + "unknown key '" + e.key() + "'; " + hint));
            }
        }
    }
}
