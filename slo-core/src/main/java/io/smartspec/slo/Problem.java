package io.smartspec.slo;

import java.util.Objects;

/**
 * One thing wrong with (or worth knowing about) an input: a spec row, a YAML key, a DSL field.
 * Rendered as {@code file:line: message} when it has a location, else as the message alone.
 *
 * @param severity whether it stops the SLO from being used
 * @param file     the file it was found in, or {@code ""} for definitions made in code
 * @param line     the 1-based line, or 0 when unknown
 * @param message  what is wrong, the bad value and what would be accepted
 * @since 0.1.0
 */
public record Problem(Severity severity, String file, int line, String message) {

    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(String file, int line, String message) {
        return new Problem(Severity.ERROR, file, line, message);
    }

    public static Problem warning(String file, int line, String message) {
        return new Problem(Severity.WARNING, file, line, message);
    }

    /** An error in a definition made in code, e.g. {@code slo 'checkout-p99': objective: ...}. */
    public static Problem error(String message) {
        return new Problem(Severity.ERROR, "", 0, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        if (file.isEmpty()) {
            return message;
        }
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
