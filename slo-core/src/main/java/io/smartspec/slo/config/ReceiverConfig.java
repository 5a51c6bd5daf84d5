package io.smartspec.slo.config;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One incident-response receiver from {@code observability.yaml}'s {@code incident_response:}.
 *
 * <pre>
 * incident_response:
 *   - type: alertmanager          # or pagerduty, slack, webhook
 *     url: http://127.0.0.1:9093  # pagerduty: routing_key; slack: webhook_url
 *     priorities: [P0, P1]        # optional; all priorities when absent
 * </pre>
 *
 * @param type       alertmanager, pagerduty, slack or webhook
 * @param line       the line in observability.yaml (0 when defined in code)
 * @param url        the receiver's URL (Alertmanager, webhook; PagerDuty's events endpoint override)
 * @param secrets    secret settings by key: {@code routing_key}, {@code webhook_url}, {@code secret} (HMAC)
 * @param priorities the priorities routed to this receiver; empty means all
 * @param options    other settings by key
 * @since 0.1.0
 */
public record ReceiverConfig(String type, int line, Optional<String> url, Map<String, Secret> secrets,
                             Set<Priority> priorities, Map<String, String> options) {

    public ReceiverConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        secrets = Map.copyOf(secrets);
        priorities = Set.copyOf(priorities);
        options = Map.copyOf(options);
    }

    /** Whether events of this priority go to this receiver. */
    public boolean accepts(Priority priority) {
        return priorities.isEmpty() || priorities.contains(priority);
    }

    public Optional<Secret> secret(String key) {
        return Optional.ofNullable(secrets.get(key));
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** Every field, with the URL's {@code user:password@} and query values redacted ({@link Secret#redactUrl}). */
    @Override
    public String toString() {
        return "ReceiverConfig[type=" + type + ", line=" + line + ", url=" + url.map(Secret::redactUrl)
                + ", secrets=" + secrets + ", priorities=" + priorities + ", options=" + options + "]";
    }
}
