package dev.outboxcdc.worker.consume;

import com.rabbitmq.client.AMQP;
import dev.outboxcdc.support.amqp.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One delivery as the worker sees it. {@code attempt} counts from 1 and survives the retry queues. */
public record IncomingMessage(long deliveryTag, String messageId, String type, String body, int attempt,
                              AMQP.BasicProperties properties, byte[] rawBody) {
    static IncomingMessage of(long deliveryTag, AMQP.BasicProperties properties, byte[] body) {
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        Object attempt = headers.get(MessageHeaders.ATTEMPT);
        return new IncomingMessage(deliveryTag, properties.getMessageId(), properties.getType(),
                new String(body, StandardCharsets.UTF_8), attempt instanceof Number n ? n.intValue() : 1,
                properties, body);
    }
}
