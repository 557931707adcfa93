package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Publishes one message at a time, mandatory, and waits until the broker confirmed it: the path of
 * the worker's retry and parking copies and of outboxctl's moves. A message the broker returned
 * (no queue is bound for it) is confirmed but stored nowhere: {@link #publish} says so, and the
 * caller must then keep its original. A nack or a missing confirm throws. The relay publishes its
 * batches with a pipelined publisher of its own, which waits for many confirms at once.
 */
public final class ConfirmedPublish {
    private final Channel channel;
    private final Duration timeout;
    /** Set by the connection's thread when the broker returns the message in flight (before its confirm). */
    private volatile @Nullable String returnedReply;

    /** Puts {@code channel} in confirm mode; nothing else may publish on it. */
    public ConfirmedPublish(Channel channel, Duration timeout) throws IOException {
        this.channel = channel;
        this.timeout = timeout;
        channel.confirmSelect();
        channel.addReturnListener(returned -> returnedReply = returned.getReplyText());
    }

    /**
     * Returns empty once the broker confirmed the message and routed it to a queue; the broker's
     * reply (e.g. {@code NO_ROUTE}) when it returned it.
     */
    public Optional<String> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException, InterruptedException {
        returnedReply = null;
        channel.basicPublish(exchange, routingKey, true, properties, body);
        try {
            channel.waitForConfirmsOrDie(timeout.toMillis());
        } catch (TimeoutException e) {
            throw new IOException(
                    "the broker did not confirm the message to "
                            + (exchange.isEmpty() ? "queue " : exchange + " with key ") + routingKey + " within "
                            + timeout.toMillis() + " ms",
                    e);
        }
        return Optional.ofNullable(returnedReply);
    }
}
