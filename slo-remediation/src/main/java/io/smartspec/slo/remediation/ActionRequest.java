package io.smartspec.slo.remediation;

import io.smartspec.slo.monitor.SloEvent;

import java.time.Duration;
import java.util.Objects;

/**
 * What an action is asked to heal.
 *
 * @param action  the action's name (as routed: {@code restart-checkout})
 * @param event   the breach: the SLO, its value, since when it holds
 * @param timeout how long the action may take; after it the action's thread is interrupted (a command
 *                is killed with every process it started)
 * @since 0.1.0
 */
public record ActionRequest(String action, SloEvent event, Duration timeout) {
    public ActionRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(timeout, "timeout");
    }
}
