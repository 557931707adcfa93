package dev.outboxcdc.relay.publish;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.errors.ErrorMessages;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The relay's one AMQP connection and confirm-mode channel, opened on first use and re-opened
 * after a loss. Automatic recovery is off on purpose: a lost channel takes its unconfirmed
 * messages along, and only the caller knows to publish them again. Used by one thread at a time.
 */
final class BrokerChannel implements AutoCloseable {
    private final AmqpSettings amqp;
    private final ConnectionFactory factory;
    private final String exchange;
    private final Optional<Subscription> subscriber;
    private final Optional<String> unroutedQueue;
    private final BrokerBlocking blocking;
    private @Nullable Connection connection;
    private @Nullable Channel channel;

    BrokerChannel(
            AmqpSettings amqp,
            String exchange,
            Optional<Subscription> subscriber,
            Optional<String> unroutedQueue,
            BrokerBlocking blocking) {
        this.amqp = amqp;
        this.blocking = blocking;
        this.factory = amqp.connectionFactory();
        this.exchange = exchange;
        this.subscriber = subscriber;
        this.unroutedQueue = unroutedQueue;
    }

    /** The event exchange, the subscriber's queue (if the relay declares it) and the unrouted queue. */
    static void declare(
            Channel channel,
            AmqpSettings amqp,
            String exchange,
            Optional<Subscription> subscriber,
            Optional<String> unroutedQueue)
            throws IOException {
        amqp.declareEventExchange(channel, exchange);
        if (subscriber.isPresent()) {
            subscriber.get().declare(channel, amqp, exchange);
        }
        if (unroutedQueue.isPresent()) {
            // The queue, and a fanout exchange of the same name bound to it that the relay publishes
            // the unrouted copies to: the relay may write there, not to the default exchange, which
            // reaches every queue of the broker.
            amqp.declareQueue(channel, unroutedQueue.get(), Map.of());
            channel.exchangeDeclare(unroutedQueue.get(), BuiltinExchangeType.FANOUT, true);
            channel.queueBind(unroutedQueue.get(), unroutedQueue.get(), "");
        }
    }

    /** An open channel in confirm mode, with the exchange, the subscriber's queue and the unrouted queue declared. */
    Channel open(ConfirmTracker tracker) throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        close();
        connection = amqp.connect(factory, "outbox-relay");
        blocking.watch(connection);
        channel = connection.createChannel();
        declare(channel, amqp, exchange, subscriber, unroutedQueue);
        channel.confirmSelect();
        channel.addConfirmListener(tracker::acked, tracker::nacked);
        channel.addReturnListener(
                returned -> tracker.returned(returned.getProperties().getMessageId(), returned.getReplyText()));
        channel.addShutdownListener(cause -> tracker.channelLost(ErrorMessages.of(cause)));
        return channel;
    }

    @Override
    public void close() {
        if (connection != null && connection.isOpen()) {
            try {
                connection.close(2_000);
            } catch (IOException | RuntimeException e) {
                // Closing a broken connection: nothing left to release, the error is not news.
                connection.abort(1_000);
            }
        }
        connection = null;
        channel = null;
    }
}
