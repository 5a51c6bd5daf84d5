package io.smartspec.slo.incident.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Windows;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.monitor.SloEvent;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The versioned JSON form of an event (documented in {@code docs/webhook-payload.md}): the body of the
 * generic webhook and what an outbox file holds. The forwarder works on {@link OutboxEvent}s; this
 * class is the edge — {@link #of} makes one from an {@link SloEvent}, {@link #bytes} writes it,
 * {@link #read} decodes an outbox file once.
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

    /** The typed payload of a monitor's event; its id is the event's. */
    public static OutboxEvent of(SloEvent event) {
        Slo slo = event.slo();
        Map<String, String> labels = new LinkedHashMap<>(slo.labels());
        OutboxEvent.SloInfo info = new OutboxEvent.SloInfo(slo.name(), slo.description(), slo.metric(),
                slo.indicator() instanceof Indicator.EventsRatio ? "events_ratio"
                        : slo.indicator() instanceof Indicator.LatencyRatio ? "latency_ratio" : "threshold",
                slo.objective().toString(), slo.objective().operator().symbol(), amount(slo.objective().bound()),
                slo.window().map(io.smartspec.slo.SloWindow::describe), slo.priority().name(), labels, slo.runbook());
        Optional<OutboxEvent.Budget> budget = event.result().errorBudget().map((ErrorBudget b) ->
                new OutboxEvent.Budget(finite(b.remaining()), finite(b.consumed()), finite(b.totalEvents()),
                        finite(b.badEvents()), finite(b.allowedBadEvents())));
        Optional<OutboxEvent.Burn> burn = event.burnRate().map(b -> new OutboxEvent.Burn(Windows.format(b.window()),
                finite(b.rate()), finite(b.errorRatio())));
        return new OutboxEvent(event.id().toString(), event.kind(), event.dedupKey(), event.specId(), event.summary(),
                event.result().status().name(), event.occurredAt(), event.since(), event.duration().toSeconds(), info,
                event.observed().map(EventJson::amount), event.result().margin().map(EventJson::amount),
                event.result().detail(), budget, burn, event.query(), event.source());
    }

    private static OutboxEvent.Amount amount(Quantity q) {
        return new OutboxEvent.Amount(finite(q.value()), q.unit().symbol(), finite(q.canonicalValue()), q.toString());
    }

    private static OptionalDouble finite(double v) {
        return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    }

    /** The payload's bytes: what the outbox stores and the webhook sends. */
    public static byte[] bytes(OutboxEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", VERSION);
        n.put("id", e.id());
        n.put("kind", kind(e.kind()));
        n.put("dedup_key", e.dedupKey());
        n.put("spec_id", e.specId());
        n.put("summary", e.summary());
        n.put("status", e.status());
        n.put("occurred_at", e.occurredAt().toString());
        n.put("since", e.since().toString());
        n.put("duration_seconds", e.durationSeconds());
        OutboxEvent.SloInfo slo = e.slo();
        ObjectNode s = n.putObject("slo");
        s.put("name", slo.name());
        s.put("description", slo.description());
        s.put("metric", slo.metric());
        s.put("indicator", slo.indicator());
        s.put("objective", slo.objective());
        s.put("operator", slo.operator());
        amount(s.putObject("target"), slo.target());
        putOrNull(s, "window", slo.window());
        s.put("priority", slo.priority());
        ObjectNode labels = s.putObject("labels");
        slo.labels().forEach(labels::put);
        putOrNull(s, "runbook", slo.runbook());
        if (e.observed().isPresent()) {
            amount(n.putObject("observed"), e.observed().get());
        } else {
            n.putNull("observed");
        }
        if (e.margin().isPresent()) {
            amount(n.putObject("margin"), e.margin().get());
        } else {
            n.putNull("margin");
        }
        n.put("detail", e.detail());
        if (e.errorBudget().isPresent()) {
            OutboxEvent.Budget b = e.errorBudget().get();
            ObjectNode o = n.putObject("error_budget");
            number(o, "remaining", b.remaining());
            number(o, "consumed", b.consumed());
            number(o, "total_events", b.totalEvents());
            number(o, "bad_events", b.badEvents());
            number(o, "allowed_bad_events", b.allowedBadEvents());
        } else {
            n.putNull("error_budget");
        }
        if (e.burnRate().isPresent()) {
            ObjectNode o = n.putObject("burn_rate");
            o.put("window", e.burnRate().get().window());
            number(o, "rate", e.burnRate().get().rate());
            number(o, "error_ratio", e.burnRate().get().errorRatio());
        } else {
            n.putNull("burn_rate");
        }
        n.put("query", e.query());
        n.put("source", e.source());
        return json(n);
    }

    /** A JSON tree's bytes (the request bodies of the other receivers). */
    static byte[] json(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    private static void amount(ObjectNode n, OutboxEvent.Amount a) {
        number(n, "value", a.value());
        n.put("unit", a.unit());
        number(n, "canonical", a.canonical());
        n.put("text", a.text());
    }

    /** JSON has no NaN or infinity: those are written as null. */
    private static void number(ObjectNode n, String field, OptionalDouble value) {
        if (value.isPresent()) {
            n.put(field, value.getAsDouble());
        } else {
            n.putNull(field);
        }
    }

    private static void putOrNull(ObjectNode n, String field, Optional<String> value) {
        if (value.isPresent()) {
            n.put(field, value.get());
        } else {
            n.putNull(field);
        }
    }

    /**
     * Decodes a version 1 payload (an outbox file, also one written by an earlier release).
     *
     * @throws IOException when it is not JSON, not version 1, or lacks what every event has
     */
    public static OutboxEvent read(byte[] bytes) throws IOException {
        JsonNode e = MAPPER.readTree(bytes);
        if (e == null || !e.isObject() || e.path("version").asInt() != VERSION) {
            throw new IOException("not a version " + VERSION + " event");
        }
        try {
            JsonNode s = e.path("slo");
            Map<String, String> labels = new LinkedHashMap<>();
            s.path("labels").fields().forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
            OutboxEvent.SloInfo slo = new OutboxEvent.SloInfo(text(s, "name"), text(s, "description"),
                    text(s, "metric"), text(s, "indicator"), text(s, "objective"), text(s, "operator"),
                    amount(s.path("target")).orElse(new OutboxEvent.Amount(OptionalDouble.empty(), "",
                            OptionalDouble.empty(), "")),
                    optional(s, "window"), text(s, "priority"), labels, optional(s, "runbook"));
            JsonNode b = e.path("error_budget");
            Optional<OutboxEvent.Budget> budget = b.isObject() ? Optional.of(new OutboxEvent.Budget(
                    number(b, "remaining"), number(b, "consumed"), number(b, "total_events"), number(b, "bad_events"),
                    number(b, "allowed_bad_events"))) : Optional.empty();
            JsonNode r = e.path("burn_rate");
            Optional<OutboxEvent.Burn> burn = r.isObject() ? Optional.of(new OutboxEvent.Burn(text(r, "window"),
                    number(r, "rate"), number(r, "error_ratio"))) : Optional.empty();
            return new OutboxEvent(required(e, "id"), kindOf(required(e, "kind")), text(e, "dedup_key"),
                    text(e, "spec_id"), text(e, "summary"), text(e, "status"),
                    Instant.parse(required(e, "occurred_at")), Instant.parse(required(e, "since")),
                    e.path("duration_seconds").asLong(), slo, amount(e.path("observed")), amount(e.path("margin")),
                    text(e, "detail"), budget, burn, text(e, "query"), text(e, "source"));
        } catch (DateTimeParseException | IllegalArgumentException ex) {
            throw new IOException("not a valid event: " + ex.getMessage(), ex);
        }
    }

    private static SloEvent.Kind kindOf(String text) {
        return switch (text) {
            case "breach" -> SloEvent.Kind.BREACH;
            case "recovery" -> SloEvent.Kind.RECOVERY;
            case "still_breaching" -> SloEvent.Kind.STILL_BREACHING;
            default -> throw new IllegalArgumentException("kind '" + text + "' is unknown");
        };
    }

    private static Optional<OutboxEvent.Amount> amount(JsonNode q) {
        return q.isObject() ? Optional.of(new OutboxEvent.Amount(number(q, "value"), text(q, "unit"),
                number(q, "canonical"), text(q, "text"))) : Optional.empty();
    }

    private static OptionalDouble number(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
    }

    private static String required(JsonNode n, String field) {
        String v = text(n, field);
        if (v.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return v;
    }

    private static Optional<String> optional(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static String text(JsonNode n, String field) {
        return optional(n, field).orElse("");
    }
}
