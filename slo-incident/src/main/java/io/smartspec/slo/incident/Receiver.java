package io.smartspec.slo.incident;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Secret;
import io.smartspec.slo.UrlCredentials;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where breaches are forwarded: an Alertmanager, a PagerDuty service, a Slack channel or a JSON
 * webhook, and which priorities go there. Immutable; start with one of the static factories and
 * refine with the {@code with}-style methods:
 *
 * <pre>{@code
 * Receiver.pagerDuty(Secret.of(System.getenv("PD_ROUTING_KEY"), "env PD_ROUTING_KEY"))
 *         .forPriorities(Priority.P0, Priority.P1);
 * Receiver.alertmanager("http://127.0.0.1:9093").resendEvery(Duration.ofMinutes(1));
 * Receiver.webhook("https://hooks.example.com/slo").signedWith(Secret.of(hmacKey, "env HOOK_SECRET"));
 * }</pre>
 *
 * The endpoint of Slack (and of a webhook made from a {@link Secret}) is itself a secret: it carries
 * the token. Neither it nor the routing key nor the signing secret appears in {@link #toString()},
 * in logs or in exceptions; receivers are named by {@link #name()} instead.
 *
 * @param type           which kind of receiver
 * @param name           a stable name: the outbox sub-directory and the name used in logs
 * @param endpoint       where requests are sent (a secret for Slack and token-carrying webhooks)
 * @param endpointSecret whether the endpoint must never be shown
 * @param routingKey     PagerDuty's integration (routing) key
 * @param signingSecret  the HMAC-SHA256 key of a webhook's {@code X-SmartSpec-Signature} header
 * @param priorities     the priorities routed here; empty means all
 * @param resendInterval Alertmanager only: how often a firing alert is re-sent so that Alertmanager
 *                       does not resolve it by timeout (its {@code resolve_timeout} is 5m)
 * @since 0.1.0
 */
public record Receiver(Type type, String name, Secret endpoint, boolean endpointSecret, Optional<Secret> routingKey,
                       Optional<Secret> signingSecret, Set<Priority> priorities, Duration resendInterval) {

    /** PagerDuty's Events API v2 endpoint. */
    public static final URI PAGERDUTY_EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");

    /** Alertmanager re-sends by default every minute (its default resolve timeout is 5 minutes). */
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(1);

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The kinds of receiver; {@link #id()} is the {@code type:} of {@code observability.yaml}. */
    public enum Type {
        ALERTMANAGER, PAGERDUTY, SLACK, WEBHOOK;

        public static final String ACCEPTED = "alertmanager, pagerduty, slack or webhook";

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code alertmanager}, {@code pagerduty}, {@code slack}, {@code webhook} (any case). */
        public static Optional<Type> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            return Arrays.stream(values()).filter(t -> t.id().equals(text.trim().toLowerCase(Locale.ROOT)))
                    .findFirst();
        }
    }

    public Receiver {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(signingSecret, "signingSecret");
        priorities = priorities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(priorities));
        Objects.requireNonNull(resendInterval, "resendInterval");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("receiver name '" + name + "' is not valid; expected 1 to 64 letters, "
                    + "digits, '_', '.' or '-', starting with a letter or digit (it names the outbox directory)");
        }
        if (resendInterval.isNegative() || resendInterval.isZero()) {
            throw new IllegalArgumentException("receiver '" + name + "': resendInterval must be positive, but was "
                    + resendInterval);
        }
    }

    /**
     * The receiver of one {@code incident_response:} entry of {@code observability.yaml}, read by the same
     * code as {@link IncidentForwarder#fromConfig} (but with no outbox): for those who describe the
     * receivers, such as the on-call card.
     *
     * @throws io.smartspec.slo.SloValidationException listing the entry's problems, each naming its line and key
     */
    public static Receiver fromConfig(io.smartspec.slo.config.ReceiverConfig config) {
        io.smartspec.slo.config.ConfigSection s = config.settings();
        Optional<Receiver> receiver = io.smartspec.slo.incident.internal.ReceiverSettings.read(config, s);
        if (receiver.isEmpty() || s.hasErrors()) {
            throw new io.smartspec.slo.SloValidationException(s.problems());
        }
        return receiver.get();
    }

    /** An Alertmanager (its base URL, e.g. {@code http://127.0.0.1:9093}); alerts go to {@code /api/v2/alerts}. */
    public static Receiver alertmanager(String baseUrl) {
        Secret endpoint = Secret.of(checkUrl(baseUrl, "alertmanager url"), "url");
        return new Receiver(Type.ALERTMANAGER, defaultName(Type.ALERTMANAGER, endpoint), endpoint, false,
                Optional.empty(), Optional.empty(), Set.of(), DEFAULT_RESEND_INTERVAL);
    }

    /**
     * Rejects {@code user:password@} in the URL of a receiver that does not take basic auth, saying where
     * its credentials go.
     */
    private static String noUrlCredentials(String url, String what, String credentialsGo) {
        if (UrlCredentials.of(url).hasCredentials()) {
            throw new IllegalArgumentException(what + ": '" + Secret.redactUrl(url) + "' carries user:password@, "
                    + "which is not sent; " + credentialsGo);
        }
        return url;
    }

    /** A PagerDuty service, by its Events API v2 integration (routing) key. */
    public static Receiver pagerDuty(Secret routingKey) {
        Objects.requireNonNull(routingKey, "routingKey");
        Secret endpoint = Secret.of(PAGERDUTY_EVENTS_V2.toString(), "url");
        return new Receiver(Type.PAGERDUTY, defaultName(Type.PAGERDUTY, routingKey), endpoint, false,
                Optional.of(routingKey), Optional.empty(), Set.of(), DEFAULT_RESEND_INTERVAL);
    }

    /** A Slack incoming webhook; its URL carries the token, so it is a secret. */
    public static Receiver slack(Secret webhookUrl) {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        checkUrl(webhookUrl.reveal(), "slack webhook_url (" + webhookUrl + ")");
        return new Receiver(Type.SLACK, defaultName(Type.SLACK, webhookUrl), webhookUrl, true, Optional.empty(),
                Optional.empty(), Set.of(), DEFAULT_RESEND_INTERVAL);
    }

    /** A generic JSON webhook (payload: {@code docs/webhook-payload.md}) at a URL that carries no secret. */
    public static Receiver webhook(String url) {
        Secret endpoint = Secret.of(checkUrl(url, "webhook url"), "url");
        return new Receiver(Type.WEBHOOK, defaultName(Type.WEBHOOK, endpoint), endpoint, false, Optional.empty(),
                Optional.empty(), Set.of(), DEFAULT_RESEND_INTERVAL);
    }

    /** A generic JSON webhook at a URL that carries a token (never shown). */
    public static Receiver webhook(Secret url) {
        Objects.requireNonNull(url, "url");
        checkUrl(url.reveal(), "webhook url (" + url + ")");
        return new Receiver(Type.WEBHOOK, defaultName(Type.WEBHOOK, url), url, true, Optional.empty(),
                Optional.empty(), Set.of(), DEFAULT_RESEND_INTERVAL);
    }

    /** A copy with another name (the outbox sub-directory: keep it stable across restarts). */
    public Receiver named(String name) {
        return new Receiver(type, name, endpoint, endpointSecret, routingKey, signingSecret, priorities,
                resendInterval);
    }

    /** A copy that only receives these priorities (none: all). */
    public Receiver forPriorities(Priority... priorities) {
        return forPriorities(Set.of(priorities));
    }

    public Receiver forPriorities(Set<Priority> priorities) {
        return new Receiver(type, name, endpoint, endpointSecret, routingKey, signingSecret, priorities,
                resendInterval);
    }

    /** A copy sending to another endpoint, e.g. PagerDuty's events endpoint behind a proxy or in tests. */
    public Receiver endpoint(String url) {
        String checked = checkUrl(url, type.id() + " url");
        if (type == Type.PAGERDUTY) {
            noUrlCredentials(checked, "pagerduty url", "PagerDuty authenticates with the routing_key");
        }
        return new Receiver(type, name, Secret.of(checked, "url"), endpointSecret,
                routingKey, signingSecret, priorities, resendInterval);
    }

    /** A copy whose webhook requests carry {@code X-SmartSpec-Signature: sha256=<hex HMAC of the body>}. */
    public Receiver signedWith(Secret secret) {
        if (type != Type.WEBHOOK) {
            throw new IllegalArgumentException("receiver '" + name + "': only webhook receivers are signed; "
                    + type.id() + " authenticates with its own key or URL");
        }
        return new Receiver(type, name, endpoint, endpointSecret, routingKey, Optional.of(secret), priorities,
                resendInterval);
    }

    /** A copy re-sending firing alerts at this interval (Alertmanager; keep it under its resolve_timeout). */
    public Receiver resendEvery(Duration interval) {
        return new Receiver(type, name, endpoint, endpointSecret, routingKey, signingSecret, priorities, interval);
    }

    /** Whether events of this priority are routed here. */
    public boolean accepts(Priority priority) {
        return priorities.isEmpty() || priorities.contains(priority);
    }

    /**
     * Where requests go, safe to print: the URL without its {@code user:password@} and query values
     * ({@link Secret#redactUrl}), or where the secret URL came from.
     */
    public String describeEndpoint() {
        return endpointSecret ? "a secret URL from " + endpoint.origin() : Secret.redactUrl(endpoint.reveal());
    }

    /** {@code pagerduty 'oncall' at https://events.pagerduty.com/v2/enqueue for P0, P1} — no secret. */
    @Override
    public String toString() {
        return type.id() + " '" + name + "' at " + describeEndpoint() + " for "
                + (priorities.isEmpty() ? "all priorities"
                : priorities.stream().sorted().map(Enum::name).collect(Collectors.joining(", ")));
    }

    private static String checkUrl(String url, String what) {
        Objects.requireNonNull(url, what);
        try {
            URI uri = URI.create(url.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return url.trim();
        } catch (IllegalArgumentException e) {
            boolean secret = what.contains("Secret[");
            throw new IllegalArgumentException(what + ": " + (secret ? "the value" : "'" + Secret.redactUrl(url) + "'")
                    + " is not an http(s) URL with a host; expected e.g. http://127.0.0.1:9093");
        }
    }

    /** {@code slack-1a2b3c4d}: the type and a short digest of the endpoint or key, stable across restarts. */
    private static String defaultName(Type type, Secret identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((type.id() + "|" + identity.reveal()).getBytes(StandardCharsets.UTF_8));
            return type.id() + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
