package io.smartspec.slo.remediation;

import io.smartspec.slo.Secret;

import java.net.URI;
import java.util.List;

/**
 * Something that heals a breached SLO: a {@link CommandAction}, an {@link HttpAction}, or Java code
 * registered with {@link Remediation.Builder#action(String, RemediationAction, Guardrails)}.
 * {@link Remediation} decides when it runs (its {@link Guardrails}); the action only acts.
 *
 * <p>It runs on a thread of its own, never the monitor's. It may throw (recorded as a failure) and
 * should stop when interrupted: at its timeout the thread is interrupted, and the outcome is recorded
 * as timed out whatever it does afterwards.
 *
 * <pre>{@code
 * RemediationAction flipFlag = request -> {
 *     flags.disable("new-checkout");
 *     return ActionResult.ok("new-checkout disabled");
 * };
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RemediationAction {

    /** Acts on the breach; returns what it did, or throws. */
    ActionResult run(ActionRequest request) throws Exception;

    /** What it does, for the timeline and logs, without a secret: {@code command [kubectl, rollout, ...]}. */
    default String describe() {
        return "java action " + getClass().getSimpleName();
    }

    /** The secrets it uses: redacted from its output and errors before they are recorded. */
    default List<Secret> secrets() {
        return List.of();
    }

    /** A command: an argument list (never a shell string), the event in {@code SLO_*} variables and as JSON on stdin. */
    static CommandAction command(List<String> arguments) {
        return CommandAction.of(arguments);
    }

    /** An HTTP call. */
    static HttpAction http(String method, URI url) {
        return HttpAction.to(method, url);
    }
}
