package dev.outboxcdc.support.amqp;

import java.io.IOException;

/**
 * The event exchange does not exist yet, and the service's broker user may not declare it: a
 * subscriber with least privilege (no configure permission on the exchange) waits for the relay,
 * which declares it at its start. Transient: the subscriber's reconnect loop tries again.
 */
public final class EventExchangeMissingException extends IOException {
    public EventExchangeMissingException(String exchange) {
        super("the event exchange " + exchange + " does not exist yet, and this user may not declare it: waiting for"
                + " the relay, which declares it at its start");
    }
}
