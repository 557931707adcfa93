package dev.outboxcdc.consumer;

/**
 * Thrown by a handler for an event that can never be handled (a field missing, a value it cannot
 * take): the event is parked at once with this message, never retried. Nothing it wrote commits.
 */
public final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
