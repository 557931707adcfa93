package dev.outboxcdc.testsupport;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.support.amqp.AmqpSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A server-named, exclusive queue bound to a topic exchange, recording every message it receives.
 * Deleted with its connection on {@link #close()}.
 */
public final class TestQueue implements AutoCloseable {
    private final Connection connection;
    // Appended by the consumer thread, read by the test: a copy-on-write list would copy itself on
    // every one of a bulk import's 100,000 arrivals.
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();

    private TestQueue(Connection connection) {
        this.connection = connection;
    }

    /** Declares {@code exchange} (durable topic), binds a fresh queue with {@code bindingKey} and consumes it. */
    public static TestQueue bound(AmqpSettings amqp, String exchange, String bindingKey) throws Exception {
        Connection connection = amqp.connect("test-queue");
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, bindingKey);
        TestQueue testQueue = new TestQueue(connection);
        channel.basicConsume(
                queue,
                true,
                (tag, delivery) -> testQueue.received.add(new Received(
                        delivery.getProperties().getMessageId(),
                        delivery.getEnvelope().getRoutingKey(),
                        delivery.getProperties().getType(),
                        delivery.getProperties().getContentType(),
                        delivery.getProperties().getDeliveryMode(),
                        delivery.getProperties().getHeaders() == null
                                ? Map.of()
                                : Map.copyOf(delivery.getProperties().getHeaders()),
                        new String(delivery.getBody(), StandardCharsets.UTF_8))),
                tag -> {});
        return testQueue;
    }

    /** The received messages whose id is in {@code ids}, in arrival order. */
    public List<Received> receivedOf(Set<String> ids) {
        return received.stream()
                .filter(message -> ids.contains(message.messageId()))
                .toList();
    }

    public Set<String> distinctIds() {
        return received.stream().map(Received::messageId).collect(Collectors.toSet());
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }

    /** One message as it arrived. Header values are AMQP types (strings arrive as LongString). */
    public record Received(
            String messageId,
            String routingKey,
            String type,
            String contentType,
            Integer deliveryMode,
            Map<String, Object> headers,
            String body) {
        public @Nullable String header(String name) {
            Object value = headers.get(name);
            return value == null ? null : value.toString();
        }
    }
}
