package dev.outboxcdc.producer;

import java.util.Objects;
import java.util.UUID;

/**
 * An event to write to the outbox: published once the transaction that wrote it has committed.
 *
 * @param id the event's id: the AMQP {@code message_id} and CloudEvents {@code id}, the key
 *     consumers deduplicate on; a new random UUID per event
 * @param aggregateType what changed, e.g. {@code customer}: the first part of the routing key
 * @param aggregateId which one changed: events of one aggregate are delivered in order
 * @param type the event type, e.g. {@code CustomerCreated}: it names the schema ({@code
 *     contracts/<type>/v<N>.json}) and the second part of the routing key
 * @param payload the event's data: a record or map that Jackson serialises, or a {@code JsonNode}
 */
public record OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, Object payload) {
    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        requireText(aggregateType, "aggregateType");
        requireText(aggregateId, "aggregateId");
        requireText(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    /** An event with a new random id. */
    public static OutboxEvent of(String aggregateType, String aggregateId, String type, Object payload) {
        return new OutboxEvent(UUID.randomUUID(), aggregateType, aggregateId, type, payload);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
