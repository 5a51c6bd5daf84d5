package io.smartspec.slo.incident.store.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.incident.store.Escalation;
import io.smartspec.slo.incident.store.Incident;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Sends a PagerDuty Events API v2 {@code trigger} for an incident; the routing key is never logged. */
public final class PagerDutyEscalator {

    private final Escalation escalation;
    /** Made with the first page: building a JDK client sets up TLS, which a run that pages no one skips. */
    private HttpClient http;

    public PagerDutyEscalator(Escalation escalation) {
        this.escalation = escalation;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    public Escalation escalation() {
        return escalation;
    }

    public static String dedupKey(Incident incident) {
        return "slo-incident/" + incident.id();
    }

    /** Sends the trigger; empty when PagerDuty accepted it, else why not. */
    public Optional<String> trigger(Incident incident, Instant now) {
        ObjectNode body = IncidentJson.MAPPER.createObjectNode();
        body.put("routing_key", escalation.routingKey().reveal());
        body.put("event_action", "trigger");
        body.put("dedup_key", dedupKey(incident));
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", "[P0] incident " + incident.id() + " of " + incident.key() + " unacknowledged since "
                + incident.openedAt() + incident.latest().map(s -> ": " + s.text()).orElse(""));
        payload.put("source", incident.key());
        payload.put("severity", "critical");
        payload.put("timestamp", now.toString());
        ObjectNode details = payload.putObject("custom_details");
        details.put("incident_id", incident.id());
        details.put("objective", incident.header().objective());
        details.put("opened_at", incident.openedAt().toString());
        try {
            HttpResponse<String> r = http().send(HttpRequest.newBuilder(escalation.endpoint())
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(IncidentJson.write(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                return Optional.empty();
            }
            return Optional.of("HTTP " + r.statusCode() + " " + escalation.routingKey().redact(
                    r.body().length() > 300 ? r.body().substring(0, 300) : r.body()));
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + escalation.routingKey().redact(
                    String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
