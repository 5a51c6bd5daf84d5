package io.smartspec.slo.datadog;

import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach Datadog and how hard to try. Immutable; build one with {@link #custom()} or read it
 * from {@code observability.yaml} with {@link #from(ObservabilityConfig, Map)}.
 *
 * <p>Retries: connection failures, timeouts, HTTP 5xx and 429 are retried up to
 * {@link #maxAttempts()} times with exponential backoff and jitter starting at
 * {@link #initialBackoff()}; a 429 waits until Datadog's {@code X-RateLimit-Reset} or
 * {@code Retry-After}. Every query, retries included, ends within {@link #timeLimit()}.
 *
 * @since 0.1.0
 */
public final class DatadogConfig {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    /** How far back a threshold metric looks when it sets no {@code window:}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** How far back an {@code slo:<id>} query looks when its metric sets no {@code window:}. */
    public static final Duration DEFAULT_SLO_HISTORY_WINDOW = Duration.ofDays(7);

    /** The top-level keys of {@code observability.yaml} this provider reads (and the monitor's {@code timeout}). */
    public static final Set<String> KEYS = ConfigSection.keys("url", "site", "api_key", "app_key", "max_attempts",
            "time_limit", "initial_backoff", "max_backoff", "window", "lookback");
    /** The keys of a {@code metrics:} entry this provider reads. */
    public static final Set<String> METRIC_KEYS = ConfigSection.keys("window", "aggregation");
    /** The most attempts {@code max_attempts} may ask for. */
    public static final int MAX_ATTEMPTS = 20;

    /**
     * Per-metric settings from {@code observability.yaml}'s {@code metrics:}.
     *
     * @param window      how far back the value is read ({@code from = at - window})
     * @param aggregation how the window's points become one value; empty: the last non-null point
     * @param unit        the unit of the values when Datadog's series carries none
     */
    public record Metric(Optional<Duration> window, Optional<Aggregation> aggregation, Optional<Unit> unit) {
        public Metric {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(aggregation, "aggregation");
            Objects.requireNonNull(unit, "unit");
        }

        public static Metric defaults() {
            return new Metric(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private final String file;
    private final URI baseUri;
    private final Secret apiKey;
    private final Optional<Secret> appKey;
    private final Duration timeout;
    private final Duration timeLimit;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration defaultWindow;
    private final Map<String, Metric> metrics;

    private DatadogConfig(Builder b) {
        this.file = b.file;
        this.baseUri = b.baseUri;
        this.apiKey = b.apiKey;
        this.appKey = b.appKey;
        this.timeout = b.timeout;
        this.timeLimit = b.timeLimit;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.defaultWindow = b.defaultWindow;
        this.metrics = Map.copyOf(b.metrics);
    }

    public static Builder custom() {
        return new Builder();
    }

    /** The file this configuration was read from, or {@code ""}; for messages. */
    public String file() {
        return file;
    }

    /** The API's base URI: the site's host, or {@code url:}. */
    public URI baseUri() {
        return baseUri;
    }

    public Secret apiKey() {
        return apiKey;
    }

    /** The application key; Datadog's query API rejects requests without one with HTTP 403. */
    public Optional<Secret> appKey() {
        return appKey;
    }

    /** The timeout of one HTTP request. */
    public Duration timeout() {
        return timeout;
    }

    /** The longest one query may take, retries and waits included. */
    public Duration timeLimit() {
        return timeLimit;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** How far back a threshold metric looks when it sets no window (5 minutes by default). */
    public Duration defaultWindow() {
        return defaultWindow;
    }

    /** The settings of a metric, or the defaults. */
    public Metric metric(String name) {
        return metrics.getOrDefault(name, Metric.defaults());
    }

    /** Never shows the keys. */
    @Override
    public String toString() {
        return "DatadogConfig[" + Secret.redactUrl(baseUri.toString()) + ", apiKey=" + apiKey + ", appKey=" + appKey.map(Secret::toString)
                .orElse("none") + ", timeout=" + timeout + ", timeLimit=" + timeLimit + ", maxAttempts="
                + maxAttempts + "]";
    }

    /**
     * Reads the Datadog settings of {@code observability.yaml}: {@code site} or {@code url},
     * {@code api_key}, {@code app_key}, {@code max_attempts} (1..{@value #MAX_ATTEMPTS}), {@code time_limit},
     * {@code initial_backoff}, {@code max_backoff}, {@code window} (or {@code lookback}), each metric's
     * {@code window} and {@code aggregation}, and the monitor's {@code timeout}. Without {@code url} and
     * {@code site} in the file, {@code DATADOG_URL}, then {@code DD_SITE} / {@code DATADOG_SITE} from
     * {@code env} apply (so the seed's file works unchanged against another site or a test server). When
     * the file has no {@code app_key} (the seed's example has only {@code api_key}), {@code DATADOG_APP_KEY}
     * (or {@code DD_APP_KEY}) from {@code env} is used, as Datadog's own clients do; likewise
     * {@code DATADOG_API_KEY} / {@code DD_API_KEY} for a missing {@code api_key}.
     *
     * @param env the environment ({@code System.getenv()}, or a map in tests)
     * @throws SloValidationException listing every problem at once, each naming the file, line and field
     */
    public static DatadogConfig from(ObservabilityConfig config, Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        Optional<Builder> b = read(config, env, problems);
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new SloValidationException(problems);
        }
        return b.orElseThrow().build();
    }

    /** The problems of the Datadog keys of {@code observability.yaml}, located. */
    static List<Problem> problems(ObservabilityConfig config, Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        read(config, env, problems);
        return problems;
    }

    private static Optional<Builder> read(ObservabilityConfig config, Map<String, String> env, List<Problem> problems) {
        ConfigSection s = config.settings();
        String file = config.file();
        Builder b = custom().file(file);
        Optional<URI> fileUrl = s.url("url");
        Optional<String> fileSite = s.string("site").map(String::trim);
        if (fileUrl.isPresent()) {
            if (fileUrl.get().getRawUserInfo() != null) {
                s.error("url", "'" + Secret.redactUrl(fileUrl.get().toString()) + "' carries user:password@, which "
                        + "Datadog does not take; it authenticates with api_key: \"{{env.DATADOG_API_KEY}}\" and "
                        + "app_key: \"{{env.DATADOG_APP_KEY}}\"");
            }
            b.url(fileUrl.get());
        } else if (fileSite.isPresent()) {
            Optional<DatadogSite> site = DatadogSite.of(fileSite.get());
            if (site.isPresent()) {
                b.site(site.get());
            } else {
                s.error("site", "'" + fileSite.get() + "' is not a Datadog site; accepted: " + DatadogSite.accepted());
            }
        } else if (!s.has("url")) {
            Optional<String> envUrl = Optional.ofNullable(env.get("DATADOG_URL")).filter(u -> !u.isBlank());
            Optional<String> envSite = Optional.ofNullable(env.get("DD_SITE"))
                    .or(() -> Optional.ofNullable(env.get("DATADOG_SITE"))).filter(u -> !u.isBlank());
            if (envUrl.isPresent()) {
                try {
                    URI uri = URI.create(envUrl.get().trim());
                    if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                        throw new IllegalArgumentException("not an http(s) URL");
                    }
                    if (uri.getRawUserInfo() != null) {
                        problems.add(Problem.error(file, 0, "env DATADOG_URL: '" + Secret.redactUrl(envUrl.get())
                                + "' carries user:password@, which Datadog does not take; it authenticates with "
                                + "api_key: \"{{env.DATADOG_API_KEY}}\" and app_key: \"{{env.DATADOG_APP_KEY}}\""));
                    }
                    b.url(uri);
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.error(file, 0, "env DATADOG_URL: '" + Secret.redactUrl(envUrl.get())
                            + "' is not an http(s) URL; write e.g. https://api.datadoghq.com or leave it out and set site"));
                }
            } else if (envSite.isPresent()) {
                Optional<DatadogSite> site = DatadogSite.of(envSite.get());
                if (site.isPresent()) {
                    b.site(site.get());
                } else {
                    problems.add(Problem.error(file, 0, "env DD_SITE: '" + envSite.get()
                            + "' is not a Datadog site; accepted: " + DatadogSite.accepted()));
                }
            }
        }

        Optional<Secret> fileApiKey = s.secret("api_key");
        Optional<Secret> apiKey = fileApiKey.or(() -> s.has("api_key") ? Optional.empty()
                : fromEnv(env, "DATADOG_API_KEY", "DD_API_KEY"));
        if (apiKey.isPresent()) {
            b.apiKey(apiKey.get());
        } else if (!s.has("api_key")) {
            s.error("api_key", "missing; Datadog needs an API key; write api_key: \"{{env.DATADOG_API_KEY}}\" and "
                    + "set DATADOG_API_KEY");
        }
        Optional<Secret> fileAppKey = s.secret("app_key");
        fileAppKey.or(() -> s.has("app_key") ? Optional.empty() : fromEnv(env, "DATADOG_APP_KEY", "DD_APP_KEY"))
                .ifPresent(b::appKey);
        config.monitor().timeout().ifPresent(b::timeout);
        s.integer("max_attempts", 1, MAX_ATTEMPTS).ifPresent(b::maxAttempts);
        s.duration("time_limit").ifPresent(b::timeLimit);
        s.duration("initial_backoff").ifPresent(b::initialBackoff);
        s.duration("max_backoff").ifPresent(b::maxBackoff);
        if (s.has("window") && s.has("lookback")) {
            s.error("lookback", "given with window; they are the same setting, keep one");
        }
        s.window("window").or(() -> s.window("lookback")).ifPresent(b::defaultWindow);

        for (MetricBinding m : config.metrics()) {
            ConfigSection ms = m.settings();
            Optional<Aggregation> aggregation = ms.string("aggregation").flatMap(text -> {
                Optional<Aggregation> a = Aggregation.parse(text);
                if (a.isEmpty()) {
                    ms.error("aggregation", "'" + text.trim() + "' is unknown; accepted: " + Aggregation.accepted());
                }
                return a;
            });
            Optional<Duration> window = ms.window("window");
            if (m.grouping().isGrouped()) {
                // Datadog's "by {route}" answers a series per value; the source reads one number per query
                ms.error("group_by", "per-label SLOs are not supported for provider 'datadog' yet; remove "
                        + "group_by and write one metric per label value (e.g. {route:/pay}), or use provider "
                        + "prometheus or micrometer");
            }
            Optional<Unit> unit = m instanceof MetricBinding.Threshold t ? t.unit() : Optional.empty();
            b.metric(m.name(), new Metric(window, aggregation, unit));
            problems.addAll(ms.problems());
        }
        problems.addAll(s.problems());
        // a key pasted into url: or site: must not be echoed
        List<Secret> keys = new ArrayList<>();
        fileApiKey.ifPresent(keys::add);
        fileAppKey.ifPresent(keys::add);
        apiKey.ifPresent(keys::add);
        List<Problem> redacted = problems.stream().map(p -> {
            String message = p.message();
            for (Secret key : keys) {
                message = key.redact(message);
            }
            return new Problem(p.severity(), p.file(), p.line(), message);
        }).toList();
        problems.clear();
        problems.addAll(redacted);
        return apiKey.isPresent() ? Optional.of(b) : Optional.empty();
    }

    private static Optional<Secret> fromEnv(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(Secret.of(value, "env " + name));
            }
        }
        return Optional.empty();
    }

    /**
     * Builds a {@link DatadogConfig}; setters fail fast naming the bad value.
     */
    public static final class Builder {
        private String file = "";
        private URI baseUri = DatadogSite.DEFAULT.apiUri();
        private Secret apiKey;
        private Optional<Secret> appKey = Optional.empty();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration timeLimit = DEFAULT_TIME_LIMIT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration defaultWindow = DEFAULT_WINDOW;
        private final Map<String, Metric> metrics = new LinkedHashMap<>();

        private Builder() {
        }

        /** The file the settings come from, for messages. */
        public Builder file(String file) {
            this.file = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Queries the site's API host, e.g. {@code https://api.datadoghq.eu}. */
        public Builder site(DatadogSite site) {
            this.baseUri = site.apiUri();
            return this;
        }

        /**
         * Queries the site of a domain such as {@code datadoghq.eu}.
         *
         * @throws IllegalArgumentException naming the accepted sites
         */
        public Builder site(String domain) {
            return site(DatadogSite.of(domain).orElseThrow(() -> new IllegalArgumentException(
                    "site must be one of " + DatadogSite.accepted() + ", but was '" + domain + "'")));
        }

        /** Queries this URL instead of the site's host (a proxy, a test server). */
        public Builder url(URI url) {
            this.baseUri = Objects.requireNonNull(url, "url");
            return this;
        }

        public Builder url(String url) {
            return url(URI.create(url));
        }

        public Builder apiKey(Secret apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        public Builder appKey(Secret appKey) {
            this.appKey = Optional.of(appKey);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = positive("timeout", timeout);
            return this;
        }

        public Builder timeLimit(Duration timeLimit) {
            this.timeLimit = positive("timeLimit", timeLimit);
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The wait before the second attempt; it doubles (with jitter) up to {@link #maxBackoff}. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = positive("initialBackoff", initialBackoff);
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = positive("maxBackoff", maxBackoff);
            return this;
        }

        public Builder defaultWindow(Duration defaultWindow) {
            this.defaultWindow = positive("defaultWindow", defaultWindow);
            return this;
        }

        /** Settings of one metric (window, aggregation, unit). */
        public Builder metric(String name, Metric settings) {
            metrics.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /**
         * @throws IllegalStateException when no API key was given
         */
        public DatadogConfig build() {
            if (apiKey == null) {
                throw new IllegalStateException("apiKey is required: Datadog rejects requests without an API key");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                maxBackoff = initialBackoff;
            }
            return new DatadogConfig(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, but was " + value);
            }
            return value;
        }
    }
}
