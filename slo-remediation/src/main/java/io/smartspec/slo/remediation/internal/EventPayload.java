package io.smartspec.slo.remediation.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.monitor.SloEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/** The event as a command sees it: {@code SLO_*} environment variables and JSON on stdin. */
public final class EventPayload {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private EventPayload() {
    }

    /** {@code SLO_KEY}, {@code SLO_SPEC}, {@code SLO_NAME}, ... */
    public static Map<String, String> env(String action, SloEvent e) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLO_ACTION", action);
        env.put("SLO_KEY", e.dedupKey());
        env.put("SLO_SPEC", e.specId());
        env.put("SLO_NAME", e.slo().name());
        env.put("SLO_METRIC", e.metric());
        env.put("SLO_PRIORITY", e.priority().name());
        env.put("SLO_KIND", e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        env.put("SLO_STATUS", e.result().status().name());
        env.put("SLO_VALUE", e.observed().map(Object::toString).orElse(""));
        env.put("SLO_OBJECTIVE", e.objective().toString());
        env.put("SLO_SINCE", e.since().toString());
        env.put("SLO_OCCURRED_AT", e.occurredAt().toString());
        env.put("SLO_EVENT_ID", e.id().toString());
        env.put("SLO_SUMMARY", e.summary());
        return env;
    }

    /** The event as one JSON object (version 1), for stdin. */
    public static String json(String action, SloEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", 1);
        n.put("action", action);
        n.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        n.put("id", e.id().toString());
        n.put("key", e.dedupKey());
        n.put("spec_id", e.specId());
        n.put("slo", e.slo().name());
        n.put("metric", e.metric());
        n.put("priority", e.priority().name());
        n.put("status", e.result().status().name());
        e.observed().ifPresent(q -> n.put("value", q.toString()));
        n.put("objective", e.objective().toString());
        e.errorBudgetRemaining().ifPresent(b -> n.put("error_budget_remaining", b));
        n.put("since", e.since().toString());
        n.put("occurred_at", e.occurredAt().toString());
        n.put("summary", e.summary());
        try {
            return MAPPER.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
