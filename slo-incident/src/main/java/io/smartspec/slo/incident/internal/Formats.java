package io.smartspec.slo.incident.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Secret;
import io.smartspec.slo.UrlCredentials;
import io.smartspec.slo.incident.Receiver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The request each kind of receiver expects, rendered from the typed event at the time of
 * sending (so that a late delivery still carries fresh timestamps where the receiver needs them).
 */
public final class Formats {

    /** The header of a signed webhook: {@code sha256=<hex HMAC-SHA256 of the body>}. */
    public static final String SIGNATURE_HEADER = "X-SmartSpec-Signature";
    public static final String ALERTNAME = "SLOBreach";
    static final String USER_AGENT = "SmartSpec-SLO/0.1";

    /** One HTTP POST to make. The URI may embed a secret: never log it. */
    public record Outgoing(URI uri, byte[] body, Map<String, String> headers) {
    }

    /** Renders the request for an event. */
    @FunctionalInterface
    public interface Format {
        Outgoing render(OutboxEvent event, Instant now);
    }

    private Formats() {
    }

    public static Format of(Receiver receiver) {
        Format format = switch (receiver.type()) {
            case ALERTMANAGER -> (e, now) -> alertmanager(receiver, e, now);
            case PAGERDUTY -> (e, now) -> pagerDuty(receiver, e);
            case SLACK -> (e, now) -> slack(receiver, e);
            case WEBHOOK -> (e, now) -> webhook(receiver, e);
        };
        return (e, now) -> withUrlCredentials(format.render(e, now));
    }

    /**
     * A URL's {@code user:password@} sent as basic auth (Java's HTTP client ignores it), unless the request
     * already carries an {@code Authorization} header.
     */
    static Outgoing withUrlCredentials(Outgoing out) {
        if (out.uri().getRawUserInfo() == null) {
            return out;
        }
        UrlCredentials split = UrlCredentials.of(out.uri().toString());
        Map<String, String> headers = new LinkedHashMap<>(out.headers());
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Authorization"))) {
            headers.put("Authorization", split.basicAuthorization().orElseThrow().reveal());
        }
        return new Outgoing(URI.create(split.url()), out.body(), headers);
    }

    /** P0 critical, P1 error, P2 warning, P3 info (PagerDuty's severities; also Alertmanager's label). */
    public static String severity(String priority) {
        return switch (Priority.parse(priority).orElse(Priority.DEFAULT)) {
            case P0 -> "critical";
            case P1 -> "error";
            case P2 -> "warning";
            case P3 -> "info";
        };
    }

    static Outgoing alertmanager(Receiver receiver, OutboxEvent e, Instant now) {
        OutboxEvent.SloInfo slo = e.slo();
        ObjectNode alert = EventJson.MAPPER.createObjectNode();
        ObjectNode labels = alert.putObject("labels");
        slo.labels().forEach((k, v) -> labels.put(labelName(k), v));
        labels.put("alertname", ALERTNAME);
        labels.put("slo", slo.name());
        labels.put("spec_id", e.specId());
        labels.put("priority", slo.priority());
        labels.put("severity", severity(slo.priority()));
        // an instance of a per-label SLO is its own alert: route="/pay" and route="/cart" never resolve each other
        slo.group().forEach((k, v) -> labels.put(labelName(k), v));
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("summary", e.summary());
        if (!slo.description().isEmpty()) {
            annotations.put("description", slo.description());
        }
        annotations.put("metric", slo.metric());
        annotations.put("objective", slo.objective());
        e.observed().ifPresent(o -> annotations.put("observed", o.text()));
        e.errorBudget().ifPresent(b -> annotations.put("error_budget_remaining", percent(b.remaining())));
        e.burnRate().ifPresent(b -> annotations.put("burn_rate", burn(b)));
        annotations.put("query", e.query());
        annotations.put("source", e.source());
        annotations.put("dedup_key", e.dedupKey());
        if (!slo.group().isEmpty()) {
            annotations.put("slo_instance", slo.instanceName()); // as the generated rules' alerts say it
        }
        slo.runbook().filter(r -> !r.isEmpty()).ifPresent(r -> annotations.put("runbook_url", r));
        alert.put("startsAt", e.since().toString());
        if (e.isRecovery()) {
            alert.put("endsAt", e.occurredAt().toString());
        } else {
            // Like Prometheus: a firing alert expires on its own if it is not re-sent (the process died).
            alert.put("endsAt", now.plus(receiver.resendInterval().multipliedBy(4)).toString());
        }
        ArrayNode body = EventJson.MAPPER.createArrayNode().add(alert);
        URI base = URI.create(receiver.endpoint().reveal());
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        return new Outgoing(base.resolve(path + "/api/v2/alerts"), EventJson.json(body), json());
    }

    static Outgoing pagerDuty(Receiver receiver, OutboxEvent e) {
        OutboxEvent.SloInfo slo = e.slo();
        Secret key = receiver.routingKey().orElseThrow();
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("routing_key", key.reveal());
        body.put("event_action", e.isRecovery() ? "resolve" : "trigger");
        body.put("dedup_key", e.dedupKey());
        if (!e.isRecovery()) {
            body.put("client", "SmartSpec SLO");
            ObjectNode payload = body.putObject("payload");
            String summary = e.summary();
            payload.put("summary", summary.length() > 1024 ? summary.substring(0, 1021) + "..." : summary);
            payload.put("source", e.specId());
            payload.put("severity", severity(slo.priority()));
            payload.put("timestamp", e.occurredAt().toString());
            payload.put("component", slo.instanceName());
            payload.put("group", e.specId());
            payload.put("class", "slo_breach");
            ObjectNode details = payload.putObject("custom_details");
            details.put("slo", slo.instanceName());
            details.put("metric", slo.metric());
            details.put("status", e.status());
            details.put("objective", slo.objective());
            number(details, "observed", e.observed().map(OutboxEvent.Amount::value).orElse(OptionalDouble.empty()));
            details.put("observed_text", e.observed().map(OutboxEvent.Amount::text).orElse(e.detail()));
            details.put("unit", e.observed().map(OutboxEvent.Amount::unit).orElse(""));
            details.put("target", slo.target().value().orElse(0));
            e.margin().ifPresent(m -> details.put("margin", m.text()));
            details.put("priority", slo.priority());
            details.put("window", slo.window().orElse(""));
            e.errorBudget().ifPresent(b -> number(details, "error_budget_remaining", b.remaining()));
            e.burnRate().ifPresent(b -> {
                number(details, "burn_rate", b.rate());
                details.put("burn_rate_window", b.window());
            });
            details.put("since", e.since().toString());
            details.put("query", e.query());
            details.put("metric_source", e.source());
            slo.runbook().filter(r -> !r.isEmpty()).ifPresent(r ->
                    body.putArray("links").addObject().put("href", r).put("text", "Runbook"));
        }
        return new Outgoing(URI.create(receiver.endpoint().reveal()), EventJson.json(body), json());
    }

    static Outgoing slack(Receiver receiver, OutboxEvent e) {
        OutboxEvent.SloInfo slo = e.slo();
        String head = switch (e.kind()) {
            case RECOVERY -> ":large_green_circle: SLO recovered";
            case STILL_BREACHING -> ":red_circle: SLO still breached";
            case BREACH -> ":red_circle: SLO breached";
        };
        StringBuilder text = new StringBuilder();
        text.append('*').append(head).append(": ").append(escape(slo.instanceName())).append("* (")
                .append(escape(slo.priority())).append(", spec ").append(escape(e.specId())).append(")\n");
        text.append('`').append(escape(slo.metric())).append("` = ");
        if (e.observed().isPresent()) {
            text.append('*').append(escape(e.observed().get().text())).append('*');
        } else {
            text.append("unknown (").append(escape(e.detail())).append(')');
        }
        text.append(", target ").append(escape(slo.objective()));
        e.margin().ifPresent(m -> text.append(m.value().orElse(0) < 0 ? " (over by " : " (headroom ")
                .append(escape(m.text().replaceFirst("^-", ""))).append(')'));
        slo.window().filter(w -> !w.isEmpty()).ifPresent(w -> text.append(" over ").append(escape(w)));
        text.append('\n');
        if (e.errorBudget().isPresent()) {
            text.append("Error budget left: *").append(percent(e.errorBudget().get().remaining())).append('*');
            e.burnRate().ifPresent(b -> text.append(" · burn rate ").append(escape(burn(b))));
            text.append('\n');
        }
        long seconds = e.durationSeconds();
        String since = escape(e.since().toString());
        text.append(e.isRecovery() ? "Breached for " + humanDuration(seconds) + " (since " + since + ")"
                : "Breached since " + since + " (" + humanDuration(seconds) + ")");
        slo.runbook().filter(r -> !r.isEmpty()).ifPresent(r -> text.append("\n<")
                .append(r.replace("|", "%7C").replace(">", "%3E")).append("|Runbook>"));
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("text", e.summary());
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", text.toString());
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text",
                "source " + escape(e.source()) + " · query `" + escape(e.query()) + "` · " + escape(e.dedupKey()));
        return new Outgoing(URI.create(receiver.endpoint().reveal()), EventJson.json(body), json());
    }

    static Outgoing webhook(Receiver receiver, OutboxEvent e) {
        byte[] body = EventJson.bytes(e);
        Map<String, String> headers = new LinkedHashMap<>(json());
        headers.put("X-SmartSpec-Event", EventJson.kind(e.kind()));
        headers.put("X-SmartSpec-Delivery", e.id());
        headers.put("X-SmartSpec-Payload-Version", String.valueOf(EventJson.VERSION));
        receiver.signingSecret().ifPresent(s -> headers.put(SIGNATURE_HEADER, "sha256=" + hmacSha256(s, body)));
        return new Outgoing(URI.create(receiver.endpoint().reveal()), body, headers);
    }

    /** The hex HMAC-SHA256 of a body under a secret key, as in the signature header. */
    public static String hmacSha256(Secret key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** A Prometheus label name: letters, digits and underscores, not starting with a digit. */
    static String labelName(String key) {
        String s = key.replaceAll("[^A-Za-z0-9_]", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    private static String percent(OptionalDouble fraction) {
        return fraction.isPresent() ? Quantity.formatNumber(fraction.getAsDouble() * 100) + "%" : "unknown";
    }

    private static String burn(OutboxEvent.Burn b) {
        return (b.rate().isPresent() ? Quantity.formatNumber(b.rate().getAsDouble()) : "?") + "x over " + b.window();
    }

    /** A number, or null when it was not finite. */
    private static void number(ObjectNode n, String field, OptionalDouble value) {
        if (value.isPresent()) {
            n.put(field, value.getAsDouble());
        } else {
            n.putNull(field);
        }
    }

    static String humanDuration(long seconds) {
        Duration d = Duration.ofSeconds(Math.max(0, seconds));
        if (d.toDays() > 0) {
            return d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "s";
    }

    /** Slack's mrkdwn needs {@code & < >} escaped. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json", "User-Agent", USER_AGENT);
    }
}
