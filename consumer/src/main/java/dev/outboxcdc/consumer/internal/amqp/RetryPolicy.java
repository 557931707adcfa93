package dev.outboxcdc.consumer.internal.amqp;

/**
 * Where a message that was not handled goes next. A failed one goes to the delay queue of its
 * attempt, one attempt more, until its attempts are spent; a held one (its predecessor is not
 * applied yet) goes to the shortest delay queue without spending an attempt, until its waits are
 * spent. Then it is parked, with the counts it had. Pure: {@link FailureRouter} sends the copies.
 */
record RetryPolicy(SubscriberTopology topology, int maxAttempts, int maxWaits) {

    /** The queue a message's copy goes to, and the attempt and wait counts it carries there. */
    record Hop(String queue, int attempt, int waits, boolean parked) {}

    Hop afterFailure(int attempt, int waits) {
        return attempt >= maxAttempts
                ? parked(attempt, waits)
                : new Hop(topology.retryQueue(attempt), attempt + 1, waits, false);
    }

    Hop whileWaiting(int attempt, int waits) {
        return waits + 1 > maxWaits
                ? parked(attempt, waits)
                : new Hop(topology.retryQueue(1), attempt, waits + 1, false);
    }

    private Hop parked(int attempt, int waits) {
        return new Hop(topology.parkingLot(), attempt, waits, true);
    }
}
