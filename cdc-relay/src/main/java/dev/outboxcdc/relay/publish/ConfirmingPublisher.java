package dev.outboxcdc.relay.publish;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.outboxcdc.support.amqp.AmqpSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a batch of outbox messages with publisher confirms, pipelined: every message of the
 * batch goes out first, then the confirms are awaited together. {@code mandatory=true}, so an
 * unroutable message is returned and counts as not published. Used by one thread at a time.
 */
public final class ConfirmingPublisher implements AutoCloseable {
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final BrokerChannel broker;
    private final String exchange;
    private final ConfirmTracker tracker = new ConfirmTracker();

    public ConfirmingPublisher(AmqpSettings amqp, String exchange) {
        this.broker = new BrokerChannel(amqp, exchange);
        this.exchange = exchange;
    }

    /**
     * Returns the ids the broker confirmed. The rest were nacked, returned, lost with the channel or
     * not confirmed in time; {@link #lastFailure()} says why.
     */
    public Set<String> publish(List<OutboxMessage> batch) throws PublishFailedException, InterruptedException {
        tracker.start();
        try {
            Channel channel = broker.open(tracker);
            for (OutboxMessage message : batch) {
                tracker.sent(channel.getNextPublishSeqNo(), message.id());
                channel.basicPublish(exchange, message.routingKey(), true, properties(message),
                        message.payload().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            broker.close();
            throw new PublishFailedException("broker unavailable: " + describe(e), e);
        }
        return tracker.awaitConfirmed(batch, CONFIRM_TIMEOUT);
    }

    /** The most specific message on the chain: a channel error's reason hides in the cause. */
    private static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
        }
        return error.getClass().getSimpleName();
    }

    public String lastFailure() {
        return tracker.failureReason();
    }

    static AMQP.BasicProperties properties(OutboxMessage message) {
        return new AMQP.BasicProperties.Builder()
                .messageId(message.id())
                .type(message.type())
                .timestamp(Date.from(message.createdAt()))
                .contentType("application/json")
                .deliveryMode(2)
                .headers(Map.of("aggregate_type", message.aggregateType(), "aggregate_id", message.aggregateId()))
                .build();
    }

    @Override
    public void close() {
        broker.close();
    }
}
