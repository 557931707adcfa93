package dev.outboxcdc.relay.publish;

import com.rabbitmq.client.AMQP;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.contract.schema.EventSchema;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.support.tracing.Tracing;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * The AMQP properties of an outbox row's message: a CloudEvent in the AMQP binding's binary mode
 * ({@link CloudEventAttributes}: {@code id} the row's id, {@code source} {@code EVENT_SOURCE},
 * {@code type} the row's type, {@code subject} its aggregate id, {@code time} its {@code created_at},
 * {@code dataschema} the {@code $id} of the schema version it was written in, when the catalogue
 * knows the type), with the W3C {@code traceparent}; and, for one more release, the headers of
 * 0.1 ({@link MessageHeaders}, the AMQP {@code message_id}, {@code type} and {@code timestamp}).
 * Stateless and thread-safe.
 */
public final class EventProperties {
    private final String source;
    private final EventSchemas schemas;

    public EventProperties(String source, EventSchemas schemas) {
        this.source = source;
        this.schemas = schemas;
    }

    public AMQP.BasicProperties of(OutboxMessage message) {
        Map<String, Object> headers = new HashMap<>(CloudEventAttributes.headers(
                message.id(),
                source,
                message.type(),
                message.aggregateId(),
                message.createdAt(),
                schemas.version(message.type(), message.schemaVersion())
                        .map(EventSchema::id)
                        .orElse(null)));
        if (message.traceparent() != null) {
            headers.put(Tracing.TRACEPARENT, message.traceparent());
        }
        headers.put(MessageHeaders.AGGREGATE_TYPE, message.aggregateType());
        headers.put(MessageHeaders.AGGREGATE_ID, message.aggregateId());
        headers.put(MessageHeaders.CREATED_AT_MICROS, MessageHeaders.createdAtMicros(message.createdAt()));
        return new AMQP.BasicProperties.Builder()
                .messageId(message.id())
                .type(message.type())
                .timestamp(Date.from(message.createdAt()))
                .contentType("application/json")
                .deliveryMode(2)
                .headers(headers)
                .build();
    }
}
