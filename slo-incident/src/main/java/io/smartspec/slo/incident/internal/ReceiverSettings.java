package io.smartspec.slo.incident.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.config.ReceiverProvider;
import io.smartspec.slo.incident.Receiver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of each receiver type of {@code incident_response:}, declared and read in one place: by
 * {@code ObservabilityConfig.load} (found as a {@link ReceiverProvider}), so a bad key is a located
 * problem when the file is read, and by {@code IncidentForwarder.fromConfig}, which builds the
 * {@link Receiver}s.
 *
 * <pre>
 * alertmanager: url (required), repeat_interval (alias resend_interval), name
 * pagerduty:    routing_key (required, secret), url (the events endpoint), name
 * slack:        webhook_url (required, secret; or url), channel (used by slo alertmanager), name
 * webhook:      url or webhook_url (secret), secret (HMAC key), name
 * </pre>
 */
public final class ReceiverSettings implements ReceiverProvider {

    private static final Map<String, Set<String>> KEYS = Map.of(
            "alertmanager", ConfigSection.keys("url", "repeat_interval", "resend_interval", "name"),
            "pagerduty", ConfigSection.keys("routing_key", "url", "name"),
            "slack", ConfigSection.keys("webhook_url", "url", "channel", "name"),
            "webhook", ConfigSection.keys("url", "webhook_url", "secret", "name"));

    @Override
    public Set<String> types() {
        return ConfigSection.keys("alertmanager", "pagerduty", "slack", "webhook");
    }

    @Override
    public Set<String> keys(String type) {
        return KEYS.getOrDefault(type, Set.of());
    }

    @Override
    public List<Problem> check(ReceiverConfig receiver) {
        ConfigSection s = receiver.settings();
        read(receiver, s);
        return s.problems();
    }

    /** The receiver of an {@code incident_response:} entry, or empty with its problems in {@code s}. */
    public static Optional<Receiver> read(ReceiverConfig c, ConfigSection s) {
        Optional<Receiver.Type> type = Receiver.Type.parse(c.type());
        if (type.isEmpty()) {
            s.error("type", "'" + c.type() + "' is unknown; expected " + Receiver.Type.ACCEPTED);
            return Optional.empty();
        }
        Optional<String> name = s.string("name").map(String::trim);
        Optional<Duration> resend = type.get() != Receiver.Type.ALERTMANAGER ? Optional.empty()
                : s.has("resend_interval") ? s.window("resend_interval") : s.window("repeat_interval");
        if (s.has("resend_interval") && s.has("repeat_interval")) {
            s.error("resend_interval", "given with repeat_interval; they are the same setting, keep one");
        }
        Optional<Receiver> r;
        try {
            r = switch (type.get()) {
                case ALERTMANAGER -> {
                    s.require("url", "alertmanager needs its base URL, e.g. url: http://127.0.0.1:9093");
                    yield s.url("url").map(u -> Receiver.alertmanager(u.toString()));
                }
                case PAGERDUTY -> {
                    s.require("routing_key", "pagerduty needs the integration key of an Events API v2 integration, "
                            + "e.g. routing_key: \"{{env.PAGERDUTY_ROUTING_KEY}}\"");
                    Optional<java.net.URI> endpoint = s.url("url");
                    yield s.secret("routing_key").map(Receiver::pagerDuty)
                            .map(pd -> endpoint.map(u -> pd.endpoint(u.toString())).orElse(pd));
                }
                case SLACK -> {
                    if (!s.has("webhook_url") && !s.has("url")) {
                        s.require("webhook_url", "slack needs an incoming webhook URL, e.g. "
                                + "webhook_url: \"{{env.SLACK_WEBHOOK_URL}}\"");
                    }
                    s.string("channel"); // Alertmanager's Slack integration takes it (slo alertmanager)
                    Optional<Secret> url = s.has("webhook_url") ? s.secret("webhook_url")
                            : s.url("url").map(u -> Secret.of(u.toString(), "url"));
                    yield url.flatMap(u -> url(s, "webhook_url", () -> Receiver.slack(u)));
                }
                case WEBHOOK -> {
                    Optional<Secret> signing = s.secret("secret");
                    Optional<Receiver> hook;
                    if (s.has("url")) {
                        hook = s.url("url").map(u -> Receiver.webhook(u.toString()));
                    } else if (s.has("webhook_url")) {
                        hook = s.secret("webhook_url").flatMap(u -> url(s, "webhook_url", () -> Receiver.webhook(u)));
                    } else {
                        s.require("url", "webhook needs the URL to POST to");
                        hook = Optional.empty();
                    }
                    yield hook.map(h -> signing.map(h::signedWith).orElse(h));
                }
            };
        } catch (IllegalArgumentException e) {
            s.error(e.getMessage());
            return Optional.empty();
        }
        if (r.isEmpty() || s.hasErrors()) {
            return Optional.empty();
        }
        Receiver receiver = r.get().forPriorities(c.priorities());
        try {
            if (name.isPresent()) {
                receiver = receiver.named(name.get());
            }
            if (resend.isPresent()) {
                receiver = receiver.resendEvery(resend.get());
            }
        } catch (IllegalArgumentException e) {
            s.error(name.isPresent() ? "name" : "repeat_interval", e.getMessage());
            return Optional.empty();
        }
        return Optional.of(receiver);
    }

    /** A receiver made from a secret URL; a URL that is not http(s) is a problem that never shows it. */
    private static Optional<Receiver> url(ConfigSection s, String key, java.util.function.Supplier<Receiver> make) {
        try {
            return Optional.of(make.get());
        } catch (IllegalArgumentException e) {
            s.error(key, "is not an http(s) URL (the value is a secret and not shown)");
            return Optional.empty();
        }
    }
}
