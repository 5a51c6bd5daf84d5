package io.smartspec.slo.incident.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartspec.slo.Priority;
import io.smartspec.slo.incident.store.AlertSignal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Alertmanager's webhook payload (version 4) read into {@link AlertSignal}s. An alert is ours when it
 * carries the labels the generated rules set ({@code spec_id}, {@code slo}, {@code priority}; see
 * {@code PrometheusRules}); others are ignored with the reason.
 */
public final class AlertmanagerWebhook {

    public static final String SPEC_ID = "spec_id";
    public static final String SLO = "slo";
    public static final String PRIORITY = "priority";

    /** The alerts read, and why others were not. */
    public record Parsed(List<AlertSignal> signals, List<String> ignored) {
    }

    private AlertmanagerWebhook() {
    }

    /**
     * Reads the payload.
     *
     * @throws IllegalArgumentException naming the field when it is not Alertmanager's webhook
     */
    public static Parsed parse(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("body: expected Alertmanager's webhook JSON object");
        }
        JsonNode alerts = root.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            throw new IllegalArgumentException("alerts: missing or not an array; expected Alertmanager's webhook "
                    + "payload {\"version\":\"4\",\"alerts\":[...]}");
        }
        List<AlertSignal> signals = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode a = alerts.get(i);
            String where = "alerts[" + i + "]";
            JsonNode labels = a.path("labels");
            String status = a.path("status").asText("");
            if (!status.equals("firing") && !status.equals("resolved")) {
                throw new IllegalArgumentException(where + ".status: '" + status + "'; expected firing or resolved");
            }
            String spec = labels.path(SPEC_ID).asText("");
            String slo = labels.path(SLO).asText("");
            if (spec.isEmpty() || slo.isEmpty()) {
                ignored.add(where + " (" + labels.path("alertname").asText("?") + "): no " + (spec.isEmpty() ? SPEC_ID
                        : SLO) + " label; not an alert of the generated SLO rules");
                continue;
            }
            Optional<Priority> priority = Priority.parse(labels.path(PRIORITY).asText(""));
            boolean firing = status.equals("firing");
            String timeField = firing ? "startsAt" : "endsAt";
            Instant at;
            try {
                at = Instant.parse(a.path(timeField).asText(""));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + "." + timeField + ": '" + a.path(timeField).asText("")
                        + "' is not an RFC 3339 time");
            }
            JsonNode ann = a.path("annotations");
            String text = (labels.path("alertname").asText("alert") + ": " + ann.path("summary")
                    .asText(ann.path("description").asText(""))).trim();
            String fingerprint = a.path("fingerprint").asText(spec + "/" + slo + "/" + labels.path("alertname")
                    .asText(""));
            String id = "alertmanager/" + fingerprint + "/" + a.path("startsAt").asText("") + "/" + status;
            // an alert of a per-label SLO names its instance (slo_instance: availability{route="/pay"}): the
            // incident is the instance's, as the monitor keys it
            String instance = ann.path("slo_instance").asText("");
            String name = instance.startsWith(slo + "{") ? instance : slo;
            signals.add(new AlertSignal(id, spec, name, priority.orElse(Priority.DEFAULT), firing, at, text));
        }
        return new Parsed(signals, ignored);
    }
}
