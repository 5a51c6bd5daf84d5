package io.smartspec.slo.remediation;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What an action did: whether it succeeded, a command's exit code or an HTTP call's status, and its
 * output (the remediation records an excerpt, with the action's secrets redacted).
 *
 * @param succeeded  true when the action says it did its job (exit code 0, HTTP 2xx)
 * @param exitCode   a command's exit code
 * @param httpStatus an HTTP call's status
 * @param output     what it printed or answered
 * @since 0.1.0
 */
public record ActionResult(boolean succeeded, OptionalInt exitCode, OptionalInt httpStatus, String output) {

    public ActionResult {
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(httpStatus, "httpStatus");
        Objects.requireNonNull(output, "output");
    }

    /** A Java action that did its job. */
    public static ActionResult ok(String output) {
        return new ActionResult(true, OptionalInt.empty(), OptionalInt.empty(), output);
    }

    /** A Java action that could not do its job, saying why. */
    public static ActionResult failed(String output) {
        return new ActionResult(false, OptionalInt.empty(), OptionalInt.empty(), output);
    }

    /** A command that exited with {@code code} (0 is success). */
    public static ActionResult exit(int code, String output) {
        return new ActionResult(code == 0, OptionalInt.of(code), OptionalInt.empty(), output);
    }

    /** An HTTP call answered with {@code status} (2xx is success). */
    public static ActionResult http(int status, String body) {
        return new ActionResult(status / 100 == 2, OptionalInt.empty(), OptionalInt.of(status), body);
    }

    /** {@code exit 0}, {@code HTTP 202}, {@code ok} or {@code failed}. */
    public String status() {
        if (exitCode.isPresent()) {
            return "exit " + exitCode.getAsInt();
        }
        if (httpStatus.isPresent()) {
            return "HTTP " + httpStatus.getAsInt();
        }
        return succeeded ? "ok" : "failed";
    }

    @Override
    public String toString() {
        return (succeeded ? "succeeded" : "failed") + " (" + status() + ")";
    }
}
