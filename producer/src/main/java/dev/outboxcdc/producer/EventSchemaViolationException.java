package dev.outboxcdc.producer;

import java.util.List;

/**
 * The event does not match the newest schema of its type, or its type has no schema: a bug of the
 * writer. Thrown before anything is written, so that the caller's transaction, rolled back, leaves
 * neither the change nor the event.
 */
public final class EventSchemaViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    EventSchemaViolationException(String message, List<String> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    /** What is wrong, one line per violation, each after the JSON Pointer of its field. */
    public List<String> violations() {
        return violations;
    }
}
