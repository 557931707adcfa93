package dev.outboxcdc.relay.publish;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a batch of outbox messages with publisher confirms, pipelined: every message of the
 * batch goes out first, then the confirms are awaited together. {@code mandatory=true}, so an
 * unroutable message is returned: with a set-aside queue it is then published there (its original
 * routing key in a header), confirmed, logged and counted; without one it counts as not published
 * and is retried until a queue is bound. Used by one thread at a time.
 */
public final class ConfirmingPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfirmingPublisher.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    /** The routing key an event set aside was published with. */
    public static final String ORIGINAL_ROUTING_KEY_HEADER = "x-original-routing-key";

    private final BrokerChannel broker;
    private final String exchange;
    private final Optional<String> setAsideQueue;
    private final ConfirmTracker tracker = new ConfirmTracker();
    private final Counter published;
    private final Counter confirmedCount;
    private final Counter notConfirmed;
    private final Counter setAsideCount;
    private final Timer confirmLatency;
    private long setAside;

    public ConfirmingPublisher(AmqpSettings amqp, String exchange, Optional<Subscription> subscriber,
                               Optional<String> setAsideQueue, MeterRegistry metrics) {
        this.broker = new BrokerChannel(amqp, exchange, subscriber, setAsideQueue);
        this.exchange = exchange;
        this.setAsideQueue = setAsideQueue;
        this.published = Counter.builder("outbox.relay.messages.published")
                .description("Messages sent to the broker (each attempt, set-aside copies included)").register(metrics);
        this.confirmedCount = Counter.builder("outbox.relay.messages.confirmed")
                .description("Messages the broker confirmed").register(metrics);
        this.notConfirmed = Counter.builder("outbox.relay.messages.unconfirmed")
                .description("Messages nacked, returned, lost with the channel or not confirmed in time; published again")
                .register(metrics);
        this.setAsideCount = Counter.builder("outbox.relay.messages.set.aside")
                .description("Events no queue was bound for, confirmed into the set-aside queue").register(metrics);
        this.confirmLatency = Timer.builder("outbox.relay.confirm.latency")
                .description("From the first publish of a batch until all its confirms arrived").publishPercentileHistogram()
                .register(metrics);
        Gauge.builder("outbox.relay.messages.in.flight", tracker, ConfirmTracker::outstanding)
                .description("Messages published and not yet confirmed (their offsets wait)").register(metrics);
    }

    /**
     * Returns the ids the broker confirmed. The rest were nacked, returned, lost with the channel or
     * not confirmed in time; {@link #lastFailure()} says why.
     */
    public Set<String> publish(List<OutboxMessage> batch) throws PublishFailedException, InterruptedException {
        Set<String> confirmed = publishConfirmed(batch, exchange, OutboxMessage::routingKey, ConfirmingPublisher::properties);
        List<OutboxMessage> unroutable = tracker.returnedAndAcked(batch);
        if (setAsideQueue.isEmpty() || unroutable.isEmpty()) {
            return confirmed;
        }
        Set<String> all = new HashSet<>(confirmed);
        all.addAll(setAside(unroutable, setAsideQueue.get()));
        return all;
    }

    /** Publishes events no queue is bound for to the set-aside queue; returns those confirmed there. */
    private Set<String> setAside(List<OutboxMessage> unroutable, String queue) throws PublishFailedException, InterruptedException {
        Set<String> confirmed = publishConfirmed(unroutable, "", message -> queue, message -> {
            AMQP.BasicProperties properties = properties(message);
            Map<String, Object> headers = new HashMap<>(properties.getHeaders());
            headers.put(ORIGINAL_ROUTING_KEY_HEADER, message.routingKey());
            return properties.builder().headers(headers).build();
        });
        setAside += confirmed.size();
        setAsideCount.increment(confirmed.size());
        log.warn("{} events no queue is bound for (first: {} with routing key {}) set aside in queue {} ({} since start)",
                confirmed.size(), unroutable.get(0).id(), unroutable.get(0).routingKey(), queue, setAside);
        return confirmed;
    }

    /** Publishes every message first, then awaits their confirms together; returns the ids confirmed. */
    private Set<String> publishConfirmed(List<OutboxMessage> messages, String toExchange, Function<OutboxMessage, String> routingKey,
                                         Function<OutboxMessage, AMQP.BasicProperties> properties)
            throws PublishFailedException, InterruptedException {
        tracker.start();
        long started = System.nanoTime();
        try {
            Channel channel = broker.open(tracker);
            for (OutboxMessage message : messages) {
                tracker.sent(channel.getNextPublishSeqNo(), message.id());
                channel.basicPublish(toExchange, routingKey.apply(message), true, properties.apply(message),
                        message.payload().getBytes(StandardCharsets.UTF_8));
                published.increment();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            broker.close();
            notConfirmed.increment(messages.size());
            throw new PublishFailedException("broker unavailable: " + describe(e), e);
        }
        Set<String> confirmed = tracker.awaitConfirmed(messages, CONFIRM_TIMEOUT);
        confirmLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        confirmedCount.increment(confirmed.size());
        notConfirmed.increment(messages.size() - confirmed.size());
        return confirmed;
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
