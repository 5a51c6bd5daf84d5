package io.smartspec.slo.prometheus;

import io.smartspec.slo.UnitConvention;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.UrlCredentials;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.prometheus.internal.PromQl;
import io.smartspec.slo.prometheus.internal.QueryResponses;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link MetricSource} over the HTTP API of Prometheus and of everything that speaks it (Thanos
 * Query, Mimir, Cortex, VictoriaMetrics): instant queries on {@code /api/v1/query} with
 * {@code time} set to {@link MetricQuery#at()}, so past instants are honoured.
 *
 * <pre>{@code
 * try (PrometheusSource prometheus = PrometheusSource.at("http://127.0.0.1:9090")
 *         .bearerToken(Secret.of(System.getenv("PROM_TOKEN"), "env PROM_TOKEN"))
 *         .timeout(Duration.ofSeconds(10))
 *         .build()) {
 *     EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos, prometheus, Instant.now());
 * }
 * }</pre>
 *
 * <h2>Queries</h2>
 * A threshold SLO's query is sent as it is. Events queries of ratio SLOs arrive with
 * {@code {{window}}} already replaced. A query that is a bare series selector is expanded:
 * {@code http_requests_total{job="api"}} counts {@code sum(increase(http_requests_total{job="api"}[w]))};
 * a histogram base name {@code http_request_duration_seconds} counts its {@code _count}, and for
 * a latency SLO faster than 300 ms, {@code sum(increase(http_request_duration_seconds_bucket{le="0.3"}[w]))}
 * (the threshold must be a bucket bound). A full expression may use {@code {{le}}} for the threshold.
 *
 * <h2>Results</h2>
 * A vector of one sample and a scalar are plain numbers: the metric's declared unit applies, else
 * Prometheus's base units ({@link UnitConvention#BASE_UNITS}: seconds, fractions 0..1, per second);
 * an empty vector, NaN and infinities are {@link Measurement.NoData}; several series, strings and
 * range vectors are {@link Measurement.Failed} saying what to change; a Prometheus error
 * ({@code bad_data} 400, {@code execution} 422, {@code timeout} 503, ...) is
 * {@link Measurement.Failed} with Prometheus's own message. Connection failures and 5xx answers are
 * retried with exponential backoff and jitter; 4xx are not. Secrets never appear in messages.
 *
 * @since 0.1.0
 */
public final class PrometheusSource implements MetricSource {

    /** The timeout of one query when none is configured. */
    public static final Duration DEFAULT_TIMEOUT = ObservabilityConfig.DEFAULT_TIMEOUT;
    /** How many times a query is tried in all when it meets a connection failure or a 5xx. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The wait before the first retry; it doubles on each further retry, with +-50% jitter. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);

    private final URI endpoint;
    private final String shownUrl;
    private final Map<String, Secret> headers;
    private final List<Secret> secrets;
    private final Duration timeout;
    private final URL endpointUrl;
    private final Retry retry;

    private PrometheusSource(Builder b) {
        UrlCredentials split = UrlCredentials.of(b.url.toString());
        this.endpoint = queryEndpoint(URI.create(split.url()));
        this.shownUrl = Secret.redactUrl(split.url());
        this.timeout = b.timeout;
        Map<String, Secret> h = headers(b);
        List<Secret> s = new ArrayList<>(b.headers.values());
        if (b.bearerToken != null) {
            s.add(b.bearerToken);
        } else if (b.password != null) {
            s.add(b.password);
        }
        split.password().filter(p -> !p.isEmpty()).ifPresent(s::add);
        if (b.url.getRawUserInfo() != null) {
            s.add(Secret.of(b.url.getRawUserInfo(), "url"));
        }
        if (b.url.getRawQuery() != null) {
            s.add(Secret.of(b.url.getRawQuery(), "url"));
        }
        this.headers = Map.copyOf(h);
        s.addAll(h.values());
        this.secrets = List.copyOf(s);
        try {
            this.endpointUrl = endpoint.toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("url must be an absolute http(s) URL such as http://127.0.0.1:9090, but was '"
                    + shownUrl + "'");
        }
        RetryConfig config = RetryConfig.<Response>custom()
                .maxAttempts(b.maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(b.initialBackoff, 2.0, 0.5))
                .retryOnResult(r -> r.status() >= 500)
                .retryOnException(e -> e instanceof IOException && !(e instanceof SocketTimeoutException))
                .failAfterMaxAttempts(false)
                .build();
        this.retry = Retry.of("prometheus " + shownUrl, config);
    }

    /** Starts a source for the Prometheus at {@code url} ({@code http://127.0.0.1:9090}, maybe with a path). */
    public static Builder at(String url) {
        return new Builder(URI.create(Objects.requireNonNull(url, "url")));
    }

    public static Builder at(URI url) {
        return new Builder(Objects.requireNonNull(url, "url"));
    }

    /** The top-level keys of {@code observability.yaml} this source reads (and {@code timeout}, the monitor's). */
    public static final Set<String> KEYS = ConfigSection.keys("url", "bearer_token", "basic_auth", "headers",
            "max_attempts", "initial_backoff");
    /** The most attempts {@code max_attempts} may ask for. */
    public static final int MAX_ATTEMPTS = 20;

    /**
     * A source configured by {@code observability.yaml}: {@code url} (required), {@code bearer_token} or
     * {@code basic_auth: {username, password}}, {@code headers}, {@code max_attempts} (1..{@value #MAX_ATTEMPTS},
     * default {@value #DEFAULT_MAX_ATTEMPTS}), {@code initial_backoff} (default 200ms), and the monitor's
     * {@code timeout} as the HTTP timeout.
     *
     * @throws SloValidationException naming the file, line, field and the bad value
     */
    public static PrometheusSource from(ObservabilityConfig config) {
        ConfigSection s = config.settings();
        Optional<Builder> b = read(config, s);
        s.throwIfInvalid();
        return b.orElseThrow().build();
    }

    /**
     * The headers a source configured by {@code observability.yaml} sends with each request: its
     * {@code headers}, and {@code Authorization} from {@code bearer_token} or {@code basic_auth} (for tools
     * that talk to the same Prometheus, such as {@code slo doctor}).
     *
     * @throws SloValidationException as {@link #from(ObservabilityConfig)}
     */
    public static Map<String, Secret> requestHeaders(ObservabilityConfig config) {
        ConfigSection s = config.settings();
        Optional<Builder> b = read(config, s);
        s.throwIfInvalid();
        return headers(b.orElseThrow());
    }

    private static Map<String, Secret> headers(Builder b) {
        Map<String, Secret> h = new LinkedHashMap<>(b.headers);
        UrlCredentials split = UrlCredentials.of(b.url.toString());
        if (b.bearerToken != null) {
            h.put("Authorization", Secret.of("Bearer " + b.bearerToken.reveal(), b.bearerToken.origin()));
        } else if (b.username != null) {
            String pair = b.username + ":" + (b.password == null ? "" : b.password.reveal());
            h.put("Authorization", Secret.of("Basic " + Base64.getEncoder().encodeToString(
                    pair.getBytes(StandardCharsets.UTF_8)), b.password == null ? "basic auth" : b.password.origin()));
        } else if (split.hasCredentials()) {
            // http://user:password@host: Java's client ignores user info, so it becomes basic auth
            h.put("Authorization", split.basicAuthorization().orElseThrow());
        }
        return h;
    }

    /** The problems of the Prometheus keys of {@code observability.yaml}, located. */
    static List<Problem> problems(ObservabilityConfig config) {
        ConfigSection s = config.settings();
        read(config, s);
        return s.problems();
    }

    private static Optional<Builder> read(ObservabilityConfig config, ConfigSection s) {
        Optional<URI> url = s.url("url");
        s.require("url", "provider 'prometheus' needs the server's URL, e.g. url: http://127.0.0.1:9090");
        Optional<Secret> bearer = s.secret("bearer_token");
        Optional<ConfigSection> auth = s.section("basic_auth");
        Optional<String> username = Optional.empty();
        Optional<Secret> password = Optional.empty();
        if (auth.isPresent()) {
            ConfigSection a = auth.get();
            username = a.string("username").map(String::trim).filter(u -> !u.isEmpty());
            password = a.secret("password");
            a.require("username", "basic auth needs both username and password");
            a.require("password", "basic auth needs both username and password");
            a.rejectUnknownKeys(List.of("username", "password"));
            if (bearer.isPresent()) {
                s.error("bearer_token", "given with basic_auth; use one of bearer_token and basic_auth");
            }
        }
        if (url.isPresent() && UrlCredentials.of(url.get().toString()).hasCredentials()
                && (auth.isPresent() || bearer.isPresent())) {
            s.error("url", "carries user:password@ and " + (bearer.isPresent() ? "bearer_token" : "basic_auth")
                    + " is set too; give the credentials once, best as basic_auth: {username: ..., password: "
                    + "\"{{env.PROMETHEUS_PASSWORD}}\"}");
        }
        Map<String, Secret> headers = s.secrets("headers");
        int attempts = s.integer("max_attempts", 1, MAX_ATTEMPTS).orElse(DEFAULT_MAX_ATTEMPTS);
        Duration backoff = s.duration("initial_backoff").orElse(DEFAULT_INITIAL_BACKOFF);
        if (s.hasErrors() || url.isEmpty()) {
            return Optional.empty();
        }
        Builder b = new Builder(url.get());
        bearer.ifPresent(b::bearerToken);
        if (username.isPresent() && password.isPresent()) {
            b.basicAuth(username.get(), password.get());
        }
        headers.forEach(b::header);
        config.monitor().timeout().ifPresent(b::timeout);
        return Optional.of(b.retries(attempts, backoff));
    }

    @Override
    public UnitConvention unitConvention() {
        return UnitConvention.BASE_UNITS;
    }

    @Override
    public String name() {
        return "prometheus";
    }

    /** The server's URL without credentials, as shown in messages. */
    public String url() {
        return shownUrl;
    }

    @Override
    public boolean supportsPastInstants() {
        return true;
    }

    @Override
    public Measurement query(MetricQuery query) {
        String promql;
        try {
            promql = PromQl.toPromQl(query);
        } catch (IllegalArgumentException e) {
            return failed(query.metric() + ": " + e.getMessage());
        }
        byte[] form = form(promql, query.at());
        Response response;
        try {
            response = retry.executeCheckedSupplier(() -> post(form));
        } catch (SocketTimeoutException e) {
            return failed("Prometheus at " + shownUrl + " did not answer within "
                    + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms")
                    + " for '" + promql + "'");
        } catch (ConnectException e) {
            return failed("cannot connect to Prometheus at " + shownUrl + " (" + describe(e) + ") after "
                    + retry.getRetryConfig().getMaxAttempts() + " attempts");
        } catch (IOException e) {
            return failed("Prometheus at " + shownUrl + " failed for '" + promql + "': " + describe(e) + " (after "
                    + retry.getRetryConfig().getMaxAttempts() + " attempts)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted while querying Prometheus at " + shownUrl);
        } catch (Throwable e) {
            return failed("querying Prometheus at " + shownUrl + " failed: " + describe(e));
        }
        Measurement m = QueryResponses.read(response.status(), response.body(), promql);
        if (m instanceof Measurement.Failed f) {
            int attempts = retry.getRetryConfig().getMaxAttempts();
            return failed(f.message() + (response.status() >= 500 && attempts > 1
                    ? " (after " + attempts + " attempts)" : ""));
        }
        if (m instanceof Measurement.NoData n && query.kind() == MetricQuery.Kind.EVENTS_FASTER_THAN
                && PromQl.isHistogramSelector(query.query())) {
            return Measurement.noData(n.reason() + "; is " + query.latencyThreshold().orElseThrow()
                    + " one of the histogram's bucket bounds (le)?");
        }
        return m;
    }

    private byte[] form(String promql, Instant at) {
        return ("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + time(at)
                + "&timeout=" + timeout.toMillis() + "ms").getBytes(StandardCharsets.UTF_8);
    }

    /** A status and the body of an answer, whatever its status. */
    private record Response(int status, String body) {
    }

    /**
     * One POST of the form over {@link HttpURLConnection} (HTTP/1.1, keep-alive connections reused across
     * queries and threads; TLS only for an {@code https://} URL, with the JDK's default trust and hostname
     * checks). Not the JDK's {@code HttpClient}: for a command that runs one round, that client's start-up
     * (some hundreds of classes, an executor and a selector thread) and the JVM's wait at exit for its
     * selector thread, blocked in native code, cost more than the queries. No proxy and no redirects, as the
     * {@code HttpClient} it replaces; the timeout bounds the connection and each wait for bytes.
     */
    private Response post(byte[] form) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpointUrl.openConnection(Proxy.NO_PROXY);
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            c.setConnectTimeout(millis);
            c.setReadTimeout(millis);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            c.setRequestProperty("Accept", "application/json");
            headers.forEach((k, v) -> c.setRequestProperty(k, v.reveal()));
            try (OutputStream out = c.getOutputStream()) {
                out.write(form);
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            if (in == null) {
                return new Response(status, "");
            }
            try (in) {
                // read to the end and closed: the connection goes back to the keep-alive cache
                return new Response(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            c.disconnect();
            throw e;
        }
    }

    /** Seconds since the epoch with milliseconds: {@code 1795380761.993}. */
    static String time(Instant at) {
        long millis = at.toEpochMilli();
        int ms = (int) Math.floorMod(millis, 1000L);
        // padded by hand: String.format's first use loads the locale data, tens of milliseconds of a short run
        return Math.floorDiv(millis, 1000) + "." + (ms < 10 ? "00" : ms < 100 ? "0" : "") + ms;
    }

    private Measurement.Failed failed(String message) {
        String m = message;
        for (Secret s : secrets) {
            m = s.redact(m);
        }
        return new Measurement.Failed(m);
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

    /** {@code base/api/v1/query}, keeping a query string of the base (a proxy's token) after the path. */
    private static URI queryEndpoint(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + (path.endsWith("/") ? path : path + "/")
                + "api/v1/query" + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    private static String withoutUserInfoText(String url) {
        return Secret.redactUrl(url);
    }

    @Override
    public String toString() {
        return "PrometheusSource[" + shownUrl + "]";
    }

    /** Builds a {@link PrometheusSource}; setters fail fast with the bad value. */
    public static final class Builder {
        private final URI url;
        private Secret bearerToken;
        private String username;
        private Secret password;
        private final Map<String, Secret> headers = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;

        private Builder(URI url) {
            if (url.getScheme() == null || url.getHost() == null) {
                throw new IllegalArgumentException("url must be an absolute http(s) URL such as "
                        + "http://127.0.0.1:9090, but was '" + withoutUserInfoText(url.toString()) + "'");
            }
            this.url = url;
        }

        /** Sends {@code Authorization: Bearer <token>} (Prometheus behind a proxy, Mimir, Thanos). */
        public Builder bearerToken(Secret token) {
            this.bearerToken = Objects.requireNonNull(token, "token");
            return this;
        }

        public Builder basicAuth(String username, Secret password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** An extra header, e.g. {@code X-Scope-OrgID} for a Mimir tenant. */
        public Builder header(String name, Secret value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The timeout of one query (sent to Prometheus too). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How many attempts in all for connection failures and 5xx answers, and the wait before the first
         * retry (doubling, with +-50% jitter).
         */
        public Builder retries(int maxAttempts, Duration initialBackoff) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
            }
            if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
                throw new IllegalArgumentException("initialBackoff must be positive, but was " + initialBackoff);
            }
            this.maxAttempts = maxAttempts;
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** Tries each query once. */
        public Builder withoutRetries() {
            this.maxAttempts = 1;
            return this;
        }

        public PrometheusSource build() {
            return new PrometheusSource(this);
        }
    }
}
