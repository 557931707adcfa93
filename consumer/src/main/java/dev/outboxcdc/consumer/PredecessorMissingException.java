package dev.outboxcdc.consumer;

/**
 * Thrown by a handler for an event whose predecessor (the same aggregate's previous version) it has
 * not applied yet: the event waits in the shortest delay queue and comes back, without counting as a
 * failed attempt, until its predecessor is applied or its waits are spent (then it is parked).
 * Nothing it wrote commits.
 */
public final class PredecessorMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PredecessorMissingException(String message) {
        super(message);
    }
}
