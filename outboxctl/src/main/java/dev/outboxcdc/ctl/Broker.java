package dev.outboxcdc.ctl;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.ConfirmedPublish;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * outboxctl's session with RabbitMQ: queue depths, and moving messages with the same guarantee as
 * the services: a message taken from a queue is acked there only after its copy was confirmed (and
 * not returned) where it went; everything else taken is released back, in its place, when the
 * command ends (or by the broker, if the command dies). A message can thus be doubled by a crash,
 * never lost; the worker's dedup absorbs the double.
 */
public final class Broker implements AutoCloseable {
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final Channel channel;
    private final ConfirmedPublish publish;

    private Broker(Connection connection) throws IOException {
        this.connection = connection;
        this.channel = connection.createChannel();
        this.publish = new ConfirmedPublish(channel, CONFIRM_TIMEOUT);
    }

    public static Broker connect(AmqpSettings amqp) throws IOException, TimeoutException {
        return new Broker(amqp.connect("outboxctl"));
    }

    /** Whether the exchange exists (a passive declare, which needs no permission). */
    public boolean exchangeExists(String exchange) throws IOException {
        try (Channel probe = connection.createChannel()) {
            probe.exchangeDeclarePassive(exchange);
            return true;
        } catch (IOException e) {
            if (!connection.isOpen()) {
                throw e;
            }
            return false; // 404: the broker closed the probe channel
        } catch (TimeoutException e) {
            throw new IOException("the broker did not answer a passive declare of " + exchange, e);
        }
    }

    /** The messages ready in the queue, or empty when there is no such queue. */
    public OptionalLong depth(String queue) throws IOException {
        try (Channel probe = connection.createChannel()) {
            return OptionalLong.of(probe.queueDeclarePassive(queue).getMessageCount());
        } catch (IOException e) {
            if (!connection.isOpen()) {
                throw e;
            }
            return OptionalLong.empty(); // 404: the broker closed the probe channel
        } catch (TimeoutException e) {
            throw new IOException("closing a channel timed out", e);
        }
    }

    /**
     * Takes up to {@code max} messages from the queue without acking them: they stay the broker's
     * until {@link #ack} or {@link #releaseAll}.
     */
    public List<GetResponse> take(String queue, long max) throws IOException {
        List<GetResponse> taken = new ArrayList<>();
        for (GetResponse message = max > 0 ? channel.basicGet(queue, false) : null;
                message != null;
                message = taken.size() < max ? channel.basicGet(queue, false) : null) {
            taken.add(message);
        }
        return taken;
    }

    /** Takes the next message from the queue without acking it (see {@link #take}); empty when the queue is. */
    public Optional<GetResponse> next(String queue) throws IOException {
        return Optional.ofNullable(channel.basicGet(queue, false));
    }

    /**
     * Publishes (mandatory) and waits for the broker's confirm. Returns false when the broker
     * returned the message (no queue is bound for the routing key, or the queue is missing): it went
     * nowhere, and its original must stay where it is.
     */
    public boolean publishConfirmed(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException, InterruptedException {
        return publish.publish(exchange, routingKey, properties, body).isEmpty();
    }

    public void ack(GetResponse message) throws IOException {
        channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
    }

    /**
     * Gives every message taken and not acked back to its queue, and returns once the broker's
     * channel has handled that (a synchronous call after the nack on the same channel); the queue
     * takes them back an instant later.
     */
    public void releaseAll() throws IOException {
        channel.basicNack(0, true, true);
        channel.basicQos(0);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
