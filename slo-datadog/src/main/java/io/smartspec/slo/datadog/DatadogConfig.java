package io.smartspec.slo.datadog;

import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /** Keys of {@code options:} in {@code observability.yaml} that this provider reads. */
    public static final String OPTION_MAX_ATTEMPTS = "max_attempts";
    public static final String OPTION_TIME_LIMIT = "time_limit";
    public static final String OPTION_INITIAL_BACKOFF = "initial_backoff";
    public static final String OPTION_MAX_BACKOFF = "max_backoff";
    public static final String OPTION_WINDOW = "window";
    /** The name the YAML reader keeps a top-level {@code lookback:} under; same as {@value #OPTION_WINDOW}. */
    public static final String OPTION_LOOKBACK = "lookback";

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
     * {@code api_key}, {@code app_key}, {@code timeout}, each metric's {@code window},
     * {@code aggregation} and {@code unit}, and the {@code options} {@value #OPTION_MAX_ATTEMPTS},
     * {@value #OPTION_TIME_LIMIT}, {@value #OPTION_INITIAL_BACKOFF}, {@value #OPTION_MAX_BACKOFF} and
     * {@value #OPTION_WINDOW} (or {@value #OPTION_LOOKBACK}). Without {@code url} and {@code site} in the
     * file, {@code DATADOG_URL}, then {@code DD_SITE} / {@code DATADOG_SITE} from {@code env} apply (so the
     * seed's file works unchanged against another site or a test server). When the file has no {@code app_key} (the seed's example has only
     * {@code api_key}), {@code DATADOG_APP_KEY} (or {@code DD_APP_KEY}) from {@code env} is used, as
     * Datadog's own clients do; likewise {@code DATADOG_API_KEY} / {@code DD_API_KEY} for a missing
     * {@code api_key}.
     *
     * @param env the environment ({@code System.getenv()}, or a map in tests)
     * @throws SloValidationException listing every problem at once, each naming the file and field
     */
    public static DatadogConfig from(ObservabilityConfig config, Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        String file = config.file();
        Builder b = custom().file(file);

        Optional<String> url = config.url().or(() -> Optional.ofNullable(env.get("DATADOG_URL")).filter(u -> !u.isBlank()));
        Optional<String> siteName = config.site().or(() -> Optional.ofNullable(env.get("DD_SITE"))
                .or(() -> Optional.ofNullable(env.get("DATADOG_SITE"))).filter(u -> !u.isBlank()));
        if (url.isPresent()) {
            try {
                URI uri = URI.create(url.get().trim());
                if (uri.getScheme() == null || uri.getHost() == null
                        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
                if (uri.getRawUserInfo() != null) {
                    problems.add(Problem.error(file, 0, (config.url().isPresent() ? "url" : "env DATADOG_URL") + ": '"
                            + Secret.redactUrl(url.get()) + "' carries user:password@, which Datadog does not take; "
                            + "it authenticates with api_key: \"{{env.DATADOG_API_KEY}}\" and app_key: "
                            + "\"{{env.DATADOG_APP_KEY}}\""));
                }
                b.url(uri);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(file, 0, (config.url().isPresent() ? "url" : "env DATADOG_URL") + ": '"
                        + Secret.redactUrl(url.get()) + "' is not an http(s) URL; write e.g. https://api.datadoghq.com or leave it out and set site"));
            }
        } else if (siteName.isPresent()) {
            Optional<DatadogSite> site = DatadogSite.of(siteName.get());
            if (site.isPresent()) {
                b.site(site.get());
            } else {
                problems.add(Problem.error(file, 0, (config.site().isPresent() ? "site" : "env DD_SITE") + ": '"
                        + siteName.get() + "' is not a Datadog site; accepted: " + DatadogSite.accepted()));
            }
        }

        Optional<Secret> apiKey = config.apiKey().filter(k -> !k.isEmpty())
                .or(() -> fromEnv(env, "DATADOG_API_KEY", "DD_API_KEY"));
        if (apiKey.isPresent()) {
            b.apiKey(apiKey.get());
        } else {
            problems.add(Problem.error(file, 0, "api_key: Datadog needs an API key"
                    + config.apiKey().map(k -> ", but the one from " + k.origin() + " is empty").orElse("")
                    + "; write api_key: \"{{env.DATADOG_API_KEY}}\" and set DATADOG_API_KEY"));
        }
        config.appKey().filter(k -> !k.isEmpty()).or(() -> fromEnv(env, "DATADOG_APP_KEY", "DD_APP_KEY"))
                .ifPresent(b::appKey);
        config.timeout().ifPresent(t -> {
            if (t.isZero() || t.isNegative()) {
                problems.add(Problem.error(file, 0, "timeout: must be positive, but was " + t));
            } else {
                b.timeout(t);
            }
        });

        Map<String, String> options = config.options();
        option(options, OPTION_MAX_ATTEMPTS, file, problems, "a whole number from 1 to 20", s -> {
            int n = Integer.parseInt(s.trim());
            if (n < 1 || n > 20) {
                throw new IllegalArgumentException();
            }
            b.maxAttempts(n);
        });
        option(options, OPTION_TIME_LIMIT, file, problems, Windows.ACCEPTED, s -> b.timeLimit(parseDuration(s)));
        option(options, OPTION_INITIAL_BACKOFF, file, problems, "a duration such as 250ms or 1s",
                s -> b.initialBackoff(parseDuration(s)));
        option(options, OPTION_MAX_BACKOFF, file, problems, "a duration such as 5s", s -> b.maxBackoff(parseDuration(s)));
        option(options, OPTION_WINDOW, file, problems, Windows.ACCEPTED, s -> b.defaultWindow(parseDuration(s)));
        option(options, OPTION_LOOKBACK, file, problems, Windows.ACCEPTED, s -> b.defaultWindow(parseDuration(s)));

        for (MetricBinding m : config.metrics()) {
            Optional<Aggregation> aggregation = Optional.empty();
            if (m.aggregation().isPresent()) {
                aggregation = Aggregation.parse(m.aggregation().get());
                if (aggregation.isEmpty()) {
                    problems.add(Problem.error(file, m.line(), "metric '" + m.name() + "': aggregation: '"
                            + m.aggregation().get() + "' is unknown; accepted: " + Aggregation.accepted()));
                }
            }
            if (m.window().isPresent() && (m.window().get().isZero() || m.window().get().isNegative())) {
                problems.add(Problem.error(file, m.line(), "metric '" + m.name() + "': window: must be positive, but was "
                        + Windows.format(m.window().get())));
            }
            b.metric(m.name(), new Metric(m.window(), aggregation, m.unit()));
        }
        if (!problems.isEmpty()) {
            // a key pasted into url: or site: must not be echoed
            List<Secret> keys = new ArrayList<>();
            config.apiKey().ifPresent(keys::add);
            config.appKey().ifPresent(keys::add);
            apiKey.ifPresent(keys::add);
            throw new SloValidationException(problems.stream().map(p -> {
                String message = p.message();
                for (Secret key : keys) {
                    message = key.redact(message);
                }
                return new Problem(p.severity(), p.file(), p.line(), message);
            }).toList());
        }
        return b.build();
    }

    private interface OptionSetter {
        void set(String value);
    }

    private static void option(Map<String, String> options, String key, String file, List<Problem> problems,
                               String accepted, OptionSetter setter) {
        String value = options.get(key);
        if (value == null) {
            return;
        }
        try {
            setter.set(value);
        } catch (RuntimeException e) {
            problems.add(Problem.error(file, 0, "options: " + key + ": '" + value + "' is not valid; accepted: " + accepted));
        }
    }

    /** {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}: milliseconds, or a window. */
    static Duration parseDuration(String text) {
        String s = text.trim();
        Duration d;
        if (s.matches("\\d+\\s*ms")) {
            d = Duration.ofMillis(Long.parseLong(s.replaceAll("\\D", "")));
        } else {
            d = Windows.parse(s);
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("must be positive");
        }
        return d;
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
