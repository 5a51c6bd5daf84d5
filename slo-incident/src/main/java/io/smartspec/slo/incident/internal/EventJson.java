package io.smartspec.slo.incident.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.Windows;

import java.util.Locale;
import java.util.UUID;

/**
 * The versioned JSON form of an {@link SloEvent} (documented in {@code docs/webhook-payload.md}):
 * the body of the generic webhook, and what the outbox stores, so that every receiver's request can
 * be rendered from the file after a restart.
 */
public final class EventJson {

    /** The payload version; bumped only on incompatible changes. */
    public static final int VERSION = 1;

    static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    /** The event's kind as written in the payload: {@code breach}, {@code recovery}, {@code still_breaching}. */
    public static String kind(SloEvent.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public static ObjectNode of(SloEvent event, UUID id) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", VERSION);
        n.put("id", id.toString());
        n.put("kind", kind(event.kind()));
        n.put("dedup_key", event.dedupKey());
        n.put("spec_id", event.specId());
        n.put("summary", event.summary());
        n.put("status", event.result().status().name());
        n.put("occurred_at", event.occurredAt().toString());
        n.put("since", event.since().toString());
        n.put("duration_seconds", event.duration().toSeconds());

        Slo slo = event.slo();
        ObjectNode s = n.putObject("slo");
        s.put("name", slo.name());
        s.put("description", slo.description());
        s.put("metric", slo.metric());
        s.put("indicator", slo.indicator() instanceof Indicator.EventsRatio ? "events_ratio"
                : slo.indicator() instanceof Indicator.LatencyRatio ? "latency_ratio" : "threshold");
        s.put("objective", slo.objective().toString());
        s.put("operator", slo.objective().operator().symbol());
        quantity(s.putObject("target"), slo.objective().bound());
        if (slo.window().isPresent()) {
            s.put("window", Windows.format(slo.window().get()));
        } else {
            s.putNull("window");
        }
        s.put("priority", slo.priority().name());
        ObjectNode labels = s.putObject("labels");
        slo.labels().forEach(labels::put);
        if (slo.runbook().isPresent()) {
            s.put("runbook", slo.runbook().get());
        } else {
            s.putNull("runbook");
        }

        if (event.observed().isPresent()) {
            quantity(n.putObject("observed"), event.observed().get());
        } else {
            n.putNull("observed");
        }
        if (event.result().margin().isPresent()) {
            quantity(n.putObject("margin"), event.result().margin().get());
        } else {
            n.putNull("margin");
        }
        n.put("detail", event.result().detail());
        if (event.result().errorBudget().isPresent()) {
            ErrorBudget b = event.result().errorBudget().get();
            ObjectNode e = n.putObject("error_budget");
            number(e, "remaining", b.remaining());
            number(e, "consumed", b.consumed());
            number(e, "total_events", b.totalEvents());
            number(e, "bad_events", b.badEvents());
            number(e, "allowed_bad_events", b.allowedBadEvents());
        } else {
            n.putNull("error_budget");
        }
        if (event.burnRate().isPresent()) {
            ObjectNode b = n.putObject("burn_rate");
            b.put("window", Windows.format(event.burnRate().get().window()));
            number(b, "rate", event.burnRate().get().rate());
            number(b, "error_ratio", event.burnRate().get().errorRatio());
        } else {
            n.putNull("burn_rate");
        }
        n.put("query", event.query());
        n.put("source", event.source());
        return n;
    }

    private static void quantity(ObjectNode n, Quantity q) {
        number(n, "value", q.value());
        n.put("unit", q.unit().symbol());
        number(n, "canonical", q.canonicalValue());
        n.put("text", q.toString());
    }

    /** JSON has no NaN or infinity: those are written as null. */
    private static void number(ObjectNode n, String field, double value) {
        if (Double.isFinite(value)) {
            n.put(field, value);
        } else {
            n.putNull(field);
        }
    }

    /** The payload's bytes: what the outbox stores and the webhook sends. */
    public static byte[] bytes(ObjectNode event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render the event payload", e);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }
}
