package io.smartspec.slo.datadog.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Datadog's error messages: {@code {"errors": ["..."]}}, {@code {"status": "error", "error": "..."}}. */
public final class DatadogErrors {

    private DatadogErrors() {
    }

    /** The error Datadog reports in a body, if any. */
    public static Optional<String> of(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Optional.empty();
        }
        List<String> messages = new ArrayList<>();
        JsonNode errors = body.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                messages.add(text(e));
            }
        } else if (errors != null && errors.isTextual() && !errors.asText().isBlank()) {
            messages.add(errors.asText());
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull() && !(error.isTextual() && error.asText().isBlank())) {
            messages.add(text(error));
        }
        JsonNode status = body.get("status");
        if (messages.isEmpty() && status != null && "error".equalsIgnoreCase(status.asText())) {
            JsonNode message = body.get("message");
            messages.add(message != null && !message.asText().isBlank() ? message.asText() : "status: error");
        }
        messages.removeIf(String::isBlank);
        return messages.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", messages));
    }

    private static String text(JsonNode e) {
        if (e.isTextual()) {
            return e.asText();
        }
        if (e.isObject()) {
            for (String field : new String[] {"error_message", "detail", "title", "message"}) {
                JsonNode f = e.get(field);
                if (f != null && f.isTextual() && !f.asText().isBlank()) {
                    return f.asText();
                }
            }
        }
        return e.toString();
    }
}
