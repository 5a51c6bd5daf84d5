package io.smartspec.slo.incident.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.Priority;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentHeader;
import io.smartspec.slo.incident.store.SloSnapshot;
import io.smartspec.slo.incident.store.StateChange;
import io.smartspec.slo.incident.store.TimelineEntry;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Incidents as JSON, version 1: the journal lines and database rows (headers, entries) and the API's
 * documents ({@code docs/incident-api.md}). Read once where they come back from disk or the wire.
 */
public final class IncidentJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private IncidentJson() {
    }

    public static ObjectNode header(IncidentHeader h) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", h.id());
        n.put("key", h.key());
        n.put("spec_id", h.specId());
        n.put("slo", h.sloName());
        n.put("objective", h.objective());
        n.put("upper_bound", h.upperBound());
        n.put("priority", h.priority().name());
        n.put("opened_at", h.openedAt().toString());
        return n;
    }

    public static IncidentHeader header(JsonNode n) {
        return new IncidentHeader(text(n, "id"), text(n, "key"), text(n, "spec_id"), text(n, "slo"),
                n.path("objective").asText(""), n.path("upper_bound").asBoolean(true),
                Priority.parse(text(n, "priority")).orElse(Priority.DEFAULT), Instant.parse(text(n, "opened_at")));
    }

    public static ObjectNode entry(TimelineEntry e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", e.id());
        n.put("at", e.at().toString());
        n.put("kind", e.kind().id());
        n.put("actor", e.actor());
        n.put("text", e.text());
        e.slo().ifPresent(s -> n.set("slo", snapshot(s)));
        e.delivery().ifPresent(d -> {
            ObjectNode dn = n.putObject("delivery");
            dn.put("receiver", d.receiver());
            dn.put("type", d.type());
            dn.put("event", d.eventKind());
            dn.put("attempt", d.attempt());
            dn.put("outcome", d.outcome());
            if (!d.error().isEmpty()) {
                dn.put("error", d.error());
            }
        });
        return n;
    }

    public static TimelineEntry entry(JsonNode n) {
        String kind = text(n, "kind");
        Optional<SloSnapshot> slo = n.hasNonNull("slo") ? Optional.of(snapshot(n.get("slo"))) : Optional.empty();
        Optional<TimelineEntry.Delivery> delivery = Optional.empty();
        if (n.hasNonNull("delivery")) {
            JsonNode d = n.get("delivery");
            delivery = Optional.of(new TimelineEntry.Delivery(text(d, "receiver"), text(d, "type"), text(d, "event"),
                    d.path("attempt").asInt(), text(d, "outcome"), d.path("error").asText("")));
        }
        return new TimelineEntry(text(n, "id"), Instant.parse(text(n, "at")),
                TimelineEntry.Kind.parse(kind).orElseThrow(() -> new IllegalArgumentException(
                        "kind: '" + kind + "' is unknown")), n.path("actor").asText(""), n.path("text").asText(""),
                slo, delivery);
    }

    public static ObjectNode snapshot(SloSnapshot s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("at", s.at().toString());
        n.put("status", s.status());
        s.value().ifPresent(v -> n.put("value", v));
        n.put("text", s.text());
        s.budgetRemaining().ifPresent(v -> n.put("error_budget_remaining", v));
        s.events().ifPresent(e -> {
            n.put("bad_events", e.bad());
            n.put("total_events", e.total());
        });
        return n;
    }

    public static SloSnapshot snapshot(JsonNode n) {
        return new SloSnapshot(Instant.parse(text(n, "at")), n.path("status").asText(""), optional(n, "value"),
                n.path("text").asText(""), optional(n, "error_budget_remaining"), events(n));
    }

    /** The event counts of a snapshot; records written before they were kept have none. */
    private static Optional<SloSnapshot.Events> events(JsonNode n) {
        OptionalDouble bad = optional(n, "bad_events");
        OptionalDouble total = optional(n, "total_events");
        if (bad.isEmpty() || total.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SloSnapshot.Events(bad.getAsDouble(), total.getAsDouble()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a damaged count is not one
        }
    }

    /** The API's document of an incident; with its timeline, or a summary without. */
    public static ObjectNode incident(Incident i, boolean withTimeline) {
        ObjectNode n = header(i.header());
        n.put("state", i.state().id());
        n.put("breaching", i.breaching());
        n.put("updated_at", i.updatedAt().toString());
        i.recoveredAt().ifPresent(t -> n.put("recovered_at", t.toString()));
        i.atOpen().ifPresent(s -> n.set("at_open", snapshot(s)));
        i.worst().ifPresent(s -> n.set("worst", snapshot(s)));
        i.atRecovery().ifPresent(s -> n.set("at_recovery", snapshot(s)));
        i.budgetBurned().ifPresent(v -> n.put("error_budget_burned", v));
        i.acknowledged().ifPresent(c -> n.set("acknowledged", change(c)));
        i.resolved().ifPresent(c -> n.set("resolved", change(c)));
        i.escalatedAt().ifPresent(t -> n.put("escalated_at", t.toString()));
        if (withTimeline) {
            ArrayNode tl = n.putArray("timeline");
            i.timeline().forEach(e -> tl.add(entry(e)));
        }
        return n;
    }

    private static ObjectNode change(StateChange c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("by", c.by());
        n.put("at", c.at().toString());
        n.put("why", c.why());
        return n;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + ": missing");
        }
        return v.asText();
    }

    private static OptionalDouble optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? OptionalDouble.empty() : OptionalDouble.of(v.asDouble());
    }
}
