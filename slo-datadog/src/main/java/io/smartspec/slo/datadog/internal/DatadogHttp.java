package io.smartspec.slo.datadog.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Windows;
import io.smartspec.slo.datadog.DatadogConfig;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GETs from Datadog's API with the keys in headers, retrying connection failures, timeouts, 5xx and
 * 429 (honouring {@code X-RateLimit-Reset} / {@code Retry-After}) with exponential backoff and jitter
 * (resilience4j-retry), all within the configured time limit. Thread-safe. Never puts a key in a
 * message or a log record.
 */
public final class DatadogHttp {

    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.datadog");
    private static final int MAX_BODY_IN_MESSAGE = 300;

    /** The outcome of one logical GET, retries included. */
    public sealed interface Outcome permits Ok, Failure {
    }

    /** A 2xx answer whose body is JSON. */
    public record Ok(JsonNode body, int attempts) implements Outcome {
    }

    /** Datadog refused, or could not be reached in time; the message names why, never a key. */
    public record Failure(String message, int attempts) implements Outcome {
    }

    /** One attempt: final, or worth another try after {@code waitHint} (or backoff). */
    private sealed interface Attempt permits Answer, Refused, Transient {
    }

    private record Answer(JsonNode body) implements Attempt {
    }

    private record Refused(String message) implements Attempt {
    }

    private record Transient(String reason, Optional<Duration> waitHint) implements Attempt {
    }

    private final DatadogConfig config;
    private final HttpClient client;
    private final ObjectMapper mapper;
    private final IntervalFunction backoff;

    public DatadogHttp(DatadogConfig config, HttpClient client, ObjectMapper mapper) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = Objects.requireNonNull(client, "client");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(), 2.0, 0.5,
                config.maxBackoff());
    }

    /**
     * A client that speaks HTTP/1.1 with the configured connect timeout and never follows redirects
     * (a redirect would carry the keys to another host). For an {@code http://} base URL (a local stand-in) it
     * never sets up TLS: building a JDK client otherwise initialises the default {@code SSLContext}.
     */
    public static HttpClient newClient(DatadogConfig config) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if ("http".equalsIgnoreCase(config.baseUri().getScheme())) {
            try {
                // never initialised: an https request through it would fail, not go out unchecked
                b.sslContext(javax.net.ssl.SSLContext.getInstance("TLS")).sslParameters(new javax.net.ssl.SSLParameters());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no TLS", e);
            }
        }
        return b.build();
    }

    /**
     * GETs {@code uri}, retrying as configured.
     *
     * @param what what is asked, for messages (e.g. {@code metric 'api_latency_p99'})
     */
    public Outcome get(URI uri, String what) {
        long deadline = System.nanoTime() + config.timeLimit().toNanos();
        AtomicInteger attempts = new AtomicInteger();
        AtomicLong nextWaitMillis = new AtomicLong();

        RetryConfig retryConfig = RetryConfig.<Attempt>custom()
                .maxAttempts(config.maxAttempts())
                .retryOnResult(a -> a instanceof Transient)
                .retryOnException(e -> false)
                .intervalBiFunction((attempt, either) -> nextWaitMillis.get())
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = Retry.of("datadog", retryConfig);

        Attempt last = retry.executeSupplier(() -> {
            int n = attempts.incrementAndGet();
            Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
            Duration timeout = remaining.compareTo(config.timeout()) < 0 ? remaining : config.timeout();
            Attempt a = timeout.isNegative() || timeout.isZero()
                    ? new Refused("the time limit of " + format(config.timeLimit()) + " passed")
                    : redacted(once(uri, timeout, what));
            if (a instanceof Transient t && n < config.maxAttempts()) {
                // Datadog's reset when it gives one (never less than the backoff, so a reset of 0 does not hammer it)
                long backoffMillis = backoff.apply(n);
                long wait = t.waitHint().map(h -> Math.max(h.toMillis(), backoffMillis)).orElse(backoffMillis);
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (wait >= left) {
                    String why = t.waitHint().isPresent()
                            ? "Datadog asks to wait " + format(Duration.ofMillis(wait)) + " before the next request"
                            : "the next attempt would start after it";
                    return new Refused(t.reason() + "; gave up after " + n + (n == 1 ? " attempt" : " attempts")
                            + " because of the time limit of " + format(config.timeLimit()) + ": " + why);
                }
                nextWaitMillis.set(wait);
                LOG.log(System.Logger.Level.INFO, "datadog: {0}: attempt {1} of {2} failed ({3}); retrying in {4} ms",
                        what, String.valueOf(n), String.valueOf(config.maxAttempts()), t.reason(), String.valueOf(wait));
            }
            return a;
        });
        int n = attempts.get();
        if (last instanceof Answer ok) {
            return new Ok(ok.body(), n);
        }
        String message = last instanceof Refused r ? r.message()
                : ((Transient) last).reason() + (n > 1 ? " (gave up after " + n + " attempts)" : "");
        message = redact(message);
        LOG.log(System.Logger.Level.WARNING, "datadog: {0}: {1}", what, message);
        return new Failure(message, n);
    }

    private Attempt once(URI uri, Duration timeout, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("DD-API-KEY", config.apiKey().reveal())
                .GET();
        config.appKey().ifPresent(k -> request.header("DD-APPLICATION-KEY", k.reveal()));
        LOG.log(System.Logger.Level.DEBUG, "datadog: {0}: GET {1}", what, redact(uri.toString()));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Transient("Datadog did not answer within " + format(timeout), Optional.empty());
        } catch (ConnectException e) {
            return new Transient("cannot connect to " + host(uri) + describe(e), Optional.empty());
        } catch (IOException e) {
            return new Transient("the connection to " + host(uri) + " failed" + describe(e), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Refused("interrupted while waiting for Datadog");
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            try {
                return new Answer(mapper.readTree(body));
            } catch (JsonProcessingException e) {
                return new Refused("Datadog answered HTTP " + status + " with a body that is not JSON: " + excerpt(body));
            }
        }
        String detail = errorText(body);
        if (status == 429) {
            return new Transient("Datadog rate limit reached (HTTP 429" + detail + ")", rateLimitWait(response));
        }
        if (status >= 500) {
            return new Transient("Datadog answered HTTP " + status + detail, Optional.empty());
        }
        if (status == 401 || status == 403) {
            return new Refused("Datadog rejected the API or application key (HTTP " + status + detail + "); check "
                    + "api_key (" + config.apiKey().origin() + ") and app_key ("
                    + config.appKey().map(Secret::origin).orElse("not set: set app_key or DATADOG_APP_KEY") + ")");
        }
        if (status == 400) {
            return new Refused("Datadog rejected the query (HTTP 400" + detail + ")");
        }
        return new Refused("Datadog answered HTTP " + status + detail);
    }

    /** The attempt with both keys removed from its message, before it is logged or returned. */
    private Attempt redacted(Attempt a) {
        if (a instanceof Transient t) {
            return new Transient(redact(t.reason()), t.waitHint());
        }
        if (a instanceof Refused r) {
            return new Refused(redact(r.message()));
        }
        return a;
    }

    /** {@code X-RateLimit-Reset} (seconds until the limit resets), else {@code Retry-After} (seconds or a date). */
    private static Optional<Duration> rateLimitWait(HttpResponse<?> response) {
        Optional<String> reset = response.headers().firstValue("X-RateLimit-Reset");
        if (reset.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(reset.get().trim()) * 1000))));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            String s = retryAfter.get().trim();
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(s))));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime when = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException ignored) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private String errorText(String body) {
        if (body.isBlank()) {
            return "";
        }
        try {
            Optional<String> error = DatadogErrors.of(mapper.readTree(body));
            if (error.isPresent()) {
                return ": " + error.get();
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote it
        }
        return ": " + excerpt(body);
    }

    private String excerpt(String body) {
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() > MAX_BODY_IN_MESSAGE ? s.substring(0, MAX_BODY_IN_MESSAGE) + "..." : s;
    }

    /** Removes both keys from a text, in case a proxy or Datadog echoes them. */
    public String redact(String text) {
        String s = config.apiKey().redact(text);
        return config.appKey().map(k -> k.redact(s)).orElse(s);
    }

    private static String host(URI uri) {
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    private static String describe(IOException e) {
        String msg = e.getMessage();
        String type = e.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? " (" + type + ")" : " (" + type + ": " + msg + ")";
    }

    static String format(Duration d) {
        if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        return Windows.format(d);
    }
}
