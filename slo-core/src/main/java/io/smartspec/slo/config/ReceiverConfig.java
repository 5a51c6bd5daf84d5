package io.smartspec.slo.config;

import io.smartspec.slo.Priority;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One incident-response receiver from {@code observability.yaml}'s {@code incident_response:}: its
 * {@code type} and {@code priorities}, read by the core, and its other keys ({@link #settings()}),
 * declared and read by the {@link ReceiverProvider} of its type (slo-incident's alertmanager, pagerduty,
 * slack and webhook).
 *
 * <pre>
 * incident_response:
 *   - type: alertmanager          # or pagerduty, slack, webhook
 *     url: http://127.0.0.1:9093  # pagerduty: routing_key; slack: webhook_url
 *     priorities: [P0, P1]        # optional; all priorities when absent
 * </pre>
 *
 * @param type       the receiver's type, lower case
 * @param line       the line in observability.yaml (0 when defined in code)
 * @param priorities the priorities routed to this receiver; empty means all
 * @param settings   the entry's keys
 * @since 0.1.0
 */
public record ReceiverConfig(String type, int line, Set<Priority> priorities, ConfigSection settings) {

    /** The keys of an {@code incident_response:} entry that the core reads; receiver types add their own. */
    public static final Set<String> KEYS = ConfigSection.keys("type", "priorities");

    public ReceiverConfig {
        type = Objects.requireNonNull(type, "type").trim().toLowerCase(Locale.ROOT);
        priorities = Set.copyOf(priorities);
        Objects.requireNonNull(settings, "settings");
    }

    /** The entry's keys, with a fresh list of problems. */
    @Override
    public ConfigSection settings() {
        return settings.fresh();
    }

    /** Whether events of this priority go to this receiver. */
    public boolean accepts(Priority priority) {
        return priorities.isEmpty() || priorities.contains(priority);
    }
}
