package io.smartspec.slo.incident.store;

/**
 * An incident operation that cannot be done: the incident is unknown, or its state does not allow
 * it (acknowledging a resolved incident), or the store failed. The message says why and what would
 * be accepted; it never holds a secret.
 *
 * @since 0.1.0
 */
public class IncidentException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** No incident has this id or key. */
        NOT_FOUND,
        /** The incident's state does not allow the operation. */
        CONFLICT,
        /** The request is malformed. */
        INVALID,
        /** The store could not be read or written. */
        STORE
    }

    private final Reason reason;

    public IncidentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public IncidentException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
