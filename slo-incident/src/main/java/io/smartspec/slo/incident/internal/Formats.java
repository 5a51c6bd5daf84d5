package io.smartspec.slo.incident.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * The request each kind of receiver expects, rendered from the stored event payload at the time of
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
        Outgoing render(ObjectNode event, Instant now);
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

    static Outgoing alertmanager(Receiver receiver, ObjectNode e, Instant now) {
        JsonNode slo = e.path("slo");
        ObjectNode alert = EventJson.MAPPER.createObjectNode();
        ObjectNode labels = alert.putObject("labels");
        slo.path("labels").fields().forEachRemaining(l -> labels.put(labelName(l.getKey()), l.getValue().asText()));
        labels.put("alertname", ALERTNAME);
        labels.put("slo", EventJson.text(slo, "name"));
        labels.put("spec_id", EventJson.text(e, "spec_id"));
        labels.put("priority", EventJson.text(slo, "priority"));
        labels.put("severity", severity(EventJson.text(slo, "priority")));
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("summary", EventJson.text(e, "summary"));
        if (!EventJson.text(slo, "description").isEmpty()) {
            annotations.put("description", EventJson.text(slo, "description"));
        }
        annotations.put("metric", EventJson.text(slo, "metric"));
        annotations.put("objective", EventJson.text(slo, "objective"));
        if (e.path("observed").isObject()) {
            annotations.put("observed", EventJson.text(e.path("observed"), "text"));
        }
        if (e.path("error_budget").isObject()) {
            annotations.put("error_budget_remaining", percent(e.path("error_budget").path("remaining")));
        }
        if (e.path("burn_rate").isObject()) {
            annotations.put("burn_rate", burn(e.path("burn_rate")));
        }
        annotations.put("query", EventJson.text(e, "query"));
        annotations.put("source", EventJson.text(e, "source"));
        annotations.put("dedup_key", EventJson.text(e, "dedup_key"));
        if (!EventJson.text(slo, "runbook").isEmpty()) {
            annotations.put("runbook_url", EventJson.text(slo, "runbook"));
        }
        alert.put("startsAt", EventJson.text(e, "since"));
        if ("recovery".equals(EventJson.text(e, "kind"))) {
            alert.put("endsAt", EventJson.text(e, "occurred_at"));
        } else {
            // Like Prometheus: a firing alert expires on its own if it is not re-sent (the process died).
            alert.put("endsAt", now.plus(receiver.resendInterval().multipliedBy(4)).toString());
        }
        ArrayNode body = EventJson.MAPPER.createArrayNode().add(alert);
        URI base = URI.create(receiver.endpoint().reveal());
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        return new Outgoing(base.resolve(path + "/api/v2/alerts"), bytes(body), json());
    }

    static Outgoing pagerDuty(Receiver receiver, ObjectNode e) {
        JsonNode slo = e.path("slo");
        Secret key = receiver.routingKey().orElseThrow();
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("routing_key", key.reveal());
        boolean recovery = "recovery".equals(EventJson.text(e, "kind"));
        body.put("event_action", recovery ? "resolve" : "trigger");
        body.put("dedup_key", EventJson.text(e, "dedup_key"));
        if (!recovery) {
            body.put("client", "SmartSpec SLO");
            ObjectNode payload = body.putObject("payload");
            String summary = EventJson.text(e, "summary");
            payload.put("summary", summary.length() > 1024 ? summary.substring(0, 1021) + "..." : summary);
            payload.put("source", EventJson.text(e, "spec_id"));
            payload.put("severity", severity(EventJson.text(slo, "priority")));
            payload.put("timestamp", EventJson.text(e, "occurred_at"));
            payload.put("component", EventJson.text(slo, "name"));
            payload.put("group", EventJson.text(e, "spec_id"));
            payload.put("class", "slo_breach");
            ObjectNode details = payload.putObject("custom_details");
            details.put("slo", EventJson.text(slo, "name"));
            details.put("metric", EventJson.text(slo, "metric"));
            details.put("status", EventJson.text(e, "status"));
            details.put("objective", EventJson.text(slo, "objective"));
            details.set("observed", e.path("observed").isObject() ? e.path("observed").path("value") : null);
            details.put("observed_text", e.path("observed").isObject()
                    ? EventJson.text(e.path("observed"), "text") : EventJson.text(e, "detail"));
            details.put("unit", e.path("observed").isObject() ? EventJson.text(e.path("observed"), "unit") : "");
            details.put("target", slo.path("target").path("value").asDouble());
            if (e.path("margin").isObject()) {
                details.put("margin", EventJson.text(e.path("margin"), "text"));
            }
            details.put("priority", EventJson.text(slo, "priority"));
            details.put("window", EventJson.text(slo, "window"));
            if (e.path("error_budget").isObject()) {
                details.set("error_budget_remaining", e.path("error_budget").path("remaining"));
            }
            if (e.path("burn_rate").isObject()) {
                details.set("burn_rate", e.path("burn_rate").path("rate"));
                details.put("burn_rate_window", EventJson.text(e.path("burn_rate"), "window"));
            }
            details.put("since", EventJson.text(e, "since"));
            details.put("query", EventJson.text(e, "query"));
            details.put("metric_source", EventJson.text(e, "source"));
            if (!EventJson.text(slo, "runbook").isEmpty()) {
                body.putArray("links").addObject().put("href", EventJson.text(slo, "runbook")).put("text", "Runbook");
            }
        }
        return new Outgoing(URI.create(receiver.endpoint().reveal()), bytes(body), json());
    }

    static Outgoing slack(Receiver receiver, ObjectNode e) {
        JsonNode slo = e.path("slo");
        String kind = EventJson.text(e, "kind");
        String name = EventJson.text(slo, "name");
        String head = switch (kind) {
            case "recovery" -> ":large_green_circle: SLO recovered";
            case "still_breaching" -> ":red_circle: SLO still breached";
            default -> ":red_circle: SLO breached";
        };
        StringBuilder text = new StringBuilder();
        text.append('*').append(head).append(": ").append(escape(name)).append("* (")
                .append(escape(EventJson.text(slo, "priority"))).append(", spec ")
                .append(escape(EventJson.text(e, "spec_id"))).append(")\n");
        text.append('`').append(escape(EventJson.text(slo, "metric"))).append("` = ");
        if (e.path("observed").isObject()) {
            text.append('*').append(escape(EventJson.text(e.path("observed"), "text"))).append('*');
        } else {
            text.append("unknown (").append(escape(EventJson.text(e, "detail"))).append(')');
        }
        text.append(", target ").append(escape(EventJson.text(slo, "objective")));
        if (e.path("margin").isObject()) {
            double margin = e.path("margin").path("value").asDouble();
            text.append(margin < 0 ? " (over by " : " (headroom ")
                    .append(escape(EventJson.text(e.path("margin"), "text").replaceFirst("^-", ""))).append(')');
        }
        if (!EventJson.text(slo, "window").isEmpty()) {
            text.append(" over ").append(escape(EventJson.text(slo, "window")));
        }
        text.append('\n');
        if (e.path("error_budget").isObject()) {
            text.append("Error budget left: *").append(percent(e.path("error_budget").path("remaining"))).append('*');
            if (e.path("burn_rate").isObject()) {
                text.append(" · burn rate ").append(escape(burn(e.path("burn_rate"))));
            }
            text.append('\n');
        }
        long seconds = e.path("duration_seconds").asLong();
        text.append("recovery".equals(kind) ? "Breached for " : "Breached since ")
                .append("recovery".equals(kind) ? humanDuration(seconds) + " (since "
                        + escape(EventJson.text(e, "since")) + ")"
                        : escape(EventJson.text(e, "since")) + " (" + humanDuration(seconds) + ")");
        if (!EventJson.text(slo, "runbook").isEmpty()) {
            text.append("\n<").append(EventJson.text(slo, "runbook").replace("|", "%7C").replace(">", "%3E"))
                    .append("|Runbook>");
        }
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("text", EventJson.text(e, "summary"));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", text.toString());
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text",
                "source " + escape(EventJson.text(e, "source")) + " · query `" + escape(EventJson.text(e, "query"))
                        + "` · " + escape(EventJson.text(e, "dedup_key")));
        return new Outgoing(URI.create(receiver.endpoint().reveal()), bytes(body), json());
    }

    static Outgoing webhook(Receiver receiver, ObjectNode e) {
        byte[] body = bytes(e);
        Map<String, String> headers = new LinkedHashMap<>(json());
        headers.put("X-SmartSpec-Event", EventJson.text(e, "kind"));
        headers.put("X-SmartSpec-Delivery", EventJson.text(e, "id"));
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

    private static String percent(JsonNode fraction) {
        return fraction.isNumber() ? Quantity.formatNumber(fraction.asDouble() * 100) + "%" : "unknown";
    }

    private static String burn(JsonNode b) {
        return (b.path("rate").isNumber() ? Quantity.formatNumber(b.path("rate").asDouble()) : "?") + "x over "
                + EventJson.text(b, "window");
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

    private static byte[] bytes(JsonNode n) {
        try {
            return EventJson.MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
