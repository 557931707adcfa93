package dev.outboxcdc.relay.publish;

import dev.outboxcdc.support.events.EventRouting;
import java.time.Instant;

/**
 * An outbox row on its way to the broker. {@code id} becomes the AMQP {@code message_id};
 * {@code traceparent} (the row's {@code tracingspancontext}, null if none) its {@code traceparent} header.
 */
public record OutboxMessage(String id, String aggregateType, String aggregateId, String type, String payload,
                            Instant createdAt, String traceparent) {

    /** {@code <aggregatetype>.<type>}, e.g. {@code customer.CustomerCreated} ({@link EventRouting}). */
    public String routingKey() {
        return EventRouting.routingKey(aggregateType, type);
    }
}
