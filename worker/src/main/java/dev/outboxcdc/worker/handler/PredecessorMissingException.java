package dev.outboxcdc.worker.handler;

/**
 * The event's predecessor (the same aggregate's previous version) has not been applied yet: the
 * event must wait and come back, without counting as a failed attempt. Nothing was written.
 */
public final class PredecessorMissingException extends RuntimeException {
    public PredecessorMissingException(String message) {
        super(message);
    }
}
