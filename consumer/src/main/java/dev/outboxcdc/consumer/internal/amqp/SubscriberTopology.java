package dev.outboxcdc.consumer.internal.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.outboxcdc.consumer.internal.ConsumerSettings;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.support.amqp.AmqpSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscription's queues. Retries use delay queues rather than quorum-queue delivery limits: a
 * delivery limit retries at once, while a failing handler (a downstream outage) needs time. Each
 * delay queue holds a message for its TTL, then dead-letters it back to the work queue. A message
 * that can never succeed goes to the parking lot, where it blocks nothing and waits for a human.
 */
public record SubscriberTopology(ConsumerSettings config) {

    public String workQueue() {
        return config.queue();
    }

    /** Where the consumer's copies (retries, parked messages) are published: {@link SubscriberQueues#copiesExchange}. */
    public String copiesExchange() {
        return SubscriberQueues.copiesExchange(config.queue());
    }

    public String parkingLot() {
        return SubscriberQueues.parkingLot(config.queue());
    }

    /** The delay queue for a message that has failed {@code attempt} times (1-based). */
    public String retryQueue(int attempt) {
        int index = Math.min(attempt, config.retryDelays().size()) - 1;
        return retryQueueFor(config.retryDelays().get(index));
    }

    private String retryQueueFor(Duration delay) {
        return SubscriberQueues.retryQueue(config.queue(), config.partitions(), delay);
    }

    /** The queues the events arrive in: the work queue, or its partitions. */
    public List<String> consumedQueues() {
        return config.subscription().consumedQueues();
    }

    /** Every queue the subscription owns: its work queue (or partitions), its delay queues, its parking lot. */
    public List<String> queues() {
        return SubscriberQueues.all(config.queue(), config.partitions(), config.retryDelays());
    }

    /**
     * The event exchange unless it exists (the relay owns it: a worker allowed only to read from it
     * finds the relay's), the work queue (or partitions) bound to it, the delay queues, the parking
     * lot, and the copies exchange bound to each of its queues by name.
     */
    public void declare(Channel channel) throws IOException {
        AmqpSettings amqp = config.amqp();
        amqp.ensureEventExchange(channel, config.exchange());
        config.subscription().declare(channel, amqp, config.exchange());
        channel.exchangeDeclare(copiesExchange(), BuiltinExchangeType.DIRECT, true);
        for (Duration delay : config.retryDelays()) {
            Map<String, Object> arguments = new HashMap<>(config.subscription().returnAfterDelay(amqp.queueType()));
            arguments.put("x-message-ttl", delay.toMillis());
            amqp.declareQueue(channel, retryQueueFor(delay), arguments);
            channel.queueBind(retryQueueFor(delay), copiesExchange(), retryQueueFor(delay));
        }
        amqp.declareQueue(channel, parkingLot(), Map.of());
        channel.queueBind(parkingLot(), copiesExchange(), parkingLot());
        if (!config.subscription().partitioned()) {
            channel.queueBind(workQueue(), copiesExchange(), workQueue());
        }
    }
}
