package dev.outboxcdc.consumer.internal.amqp;

import com.rabbitmq.client.AMQP;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One delivery as the consumer sees it. {@code messageId} and {@code type} are its CloudEvents
 * {@code id} and {@code type}, or, on a message without them (published before 0.2, or by hand),
 * the AMQP {@code message_id} and {@code type}. {@code attempt} counts from 1 and survives the retry
 * queues; {@code waits} counts the times it waited for its predecessor (0 at first).
 */
@SuppressWarnings("ArrayRecordComponent") // the body as delivered, passed along, never compared
public record IncomingMessage(
        long deliveryTag,
        String messageId,
        String type,
        String body,
        int attempt,
        int waits,
        AMQP.BasicProperties properties,
        byte[] rawBody) {
    public static IncomingMessage of(long deliveryTag, AMQP.BasicProperties properties, byte[] body) {
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        Object attempt = headers.get(MessageHeaders.ATTEMPT);
        Object waits = headers.get(MessageHeaders.WAITS);
        return new IncomingMessage(
                deliveryTag,
                CloudEventAttributes.text(headers, CloudEventAttributes.ID).orElse(properties.getMessageId()),
                CloudEventAttributes.text(headers, CloudEventAttributes.TYPE).orElse(properties.getType()),
                new String(body, StandardCharsets.UTF_8),
                attempt instanceof Number n ? n.intValue() : 1,
                waits instanceof Number w ? w.intValue() : 0,
                properties,
                body);
    }
}
