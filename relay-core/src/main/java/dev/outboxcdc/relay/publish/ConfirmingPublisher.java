package dev.outboxcdc.relay.publish;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.errors.ErrorMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a batch of outbox messages with publisher confirms, pipelined: every message of the
 * batch goes out first, then the confirms are awaited together. {@code mandatory=true}, so an
 * unroutable message is returned: with an unrouted queue it is then published there (its original
 * routing key in a header), confirmed, logged and counted; without one it counts as not published
 * and is retried until a queue is bound. Used by one thread at a time.
 */
public final class ConfirmingPublisher implements BatchPublisher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfirmingPublisher.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final BrokerChannel broker;
    private final String exchange;
    private final Optional<String> unroutedQueue;
    private final ConfirmTracker tracker = new ConfirmTracker();
    private final RelayMetrics metrics;
    private final EventProperties properties;
    private long unroutedSinceStart;

    public ConfirmingPublisher(
            AmqpSettings amqp,
            String exchange,
            Optional<Subscription> subscriber,
            Optional<String> unroutedQueue,
            EventProperties properties,
            RelayMetrics metrics,
            BrokerBlocking blocking) {
        this.broker = new BrokerChannel(amqp, exchange, subscriber, unroutedQueue, blocking);
        this.exchange = exchange;
        this.properties = properties;
        this.unroutedQueue = unroutedQueue;
        this.metrics = metrics;
        metrics.inFlight(tracker::outstanding);
    }

    /**
     * At start-up: declares what the publisher declares on every connection, so that an exchange or
     * queue that exists with other settings stops the relay now rather than in its reconnect loop.
     */
    public static void declareAtStartup(
            AmqpSettings amqp, String exchange, Optional<Subscription> subscriber, Optional<String> unroutedQueue) {
        amqp.declareAtStartup(channel -> BrokerChannel.declare(channel, amqp, exchange, subscriber, unroutedQueue));
    }

    @Override
    public Set<String> publish(List<OutboxMessage> batch) throws PublishFailedException, InterruptedException {
        Set<String> confirmed = publishConfirmed(batch, exchange, OutboxMessage::routingKey, properties::of);
        List<OutboxMessage> unroutable = tracker.returnedAndAcked(batch);
        if (unroutedQueue.isEmpty() || unroutable.isEmpty()) {
            return confirmed;
        }
        Set<String> all = new HashSet<>(confirmed);
        all.addAll(moveToUnroutedQueue(unroutable, unroutedQueue.get()));
        return all;
    }

    /**
     * Publishes events no queue is bound for to the unrouted queue (through the exchange of its name,
     * {@link BrokerChannel#declare}); returns those confirmed there.
     */
    private Set<String> moveToUnroutedQueue(List<OutboxMessage> unroutable, String queue)
            throws PublishFailedException, InterruptedException {
        Set<String> confirmed = publishConfirmed(unroutable, queue, message -> queue, message -> {
            AMQP.BasicProperties original = properties.of(message);
            Map<String, Object> headers = new HashMap<>(original.getHeaders());
            headers.put(MessageHeaders.ORIGINAL_ROUTING_KEY, message.routingKey());
            return original.builder().headers(headers).build();
        });
        unroutedSinceStart += confirmed.size();
        metrics.unrouted(confirmed.size());
        log.warn(
                "{} events no queue is bound for (first: {} with routing key {}) moved to the unrouted queue {} ({} since start)",
                confirmed.size(),
                unroutable.get(0).id(),
                unroutable.get(0).routingKey(),
                queue,
                unroutedSinceStart);
        return confirmed;
    }

    /** Publishes every message first, then awaits their confirms together; returns the ids confirmed. */
    private Set<String> publishConfirmed(
            List<OutboxMessage> messages,
            String toExchange,
            Function<OutboxMessage, String> routingKey,
            Function<OutboxMessage, AMQP.BasicProperties> properties)
            throws PublishFailedException, InterruptedException {
        tracker.start();
        long started = System.nanoTime();
        try {
            Channel channel = broker.open(tracker);
            for (OutboxMessage message : messages) {
                tracker.sent(channel.getNextPublishSeqNo(), message.id());
                channel.basicPublish(
                        toExchange,
                        routingKey.apply(message),
                        true,
                        properties.apply(message),
                        message.payload().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            broker.close();
            throw new PublishFailedException("broker unavailable: " + ErrorMessages.of(e), e);
        }
        Set<String> confirmed = tracker.awaitConfirmed(messages, CONFIRM_TIMEOUT);
        if (tracker.nackedCount() > 0 || tracker.outstanding() > 0) {
            // Nacked, or no confirm in time (a return is neither: the broker answered, no queue is
            // bound): the next attempt goes out on a new connection. A channel
            // opened on one cluster node while a quorum queue's leader was on a node that had just
            // died kept routing to the dead leader, and every retry on it was nacked (measured:
            // 3 min, `make chaos BROKER_NODES=3`, scenario 12); a new channel finds the new leader.
            broker.close();
        }
        metrics.attempt(
                messages.size(),
                confirmed.size(),
                tracker.nackedCount(),
                tracker.returnedCount(),
                Duration.ofNanos(System.nanoTime() - started));
        return confirmed;
    }

    @Override
    public String lastFailure() {
        return tracker.failureReason();
    }

    @Override
    public void close() {
        broker.close();
    }
}
