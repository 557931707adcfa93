package dev.outboxcdc.worker.topology;

import com.rabbitmq.client.Channel;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.SubscriberQueues;
import dev.outboxcdc.worker.WorkerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's queues. Retries use delay queues rather than quorum-queue delivery limits: a
 * delivery limit retries at once, while a failing handler (a downstream outage) needs time. Each
 * delay queue holds a message for its TTL, then dead-letters it back to the work queue. A message
 * that can never succeed goes to the parking lot, where it blocks nothing and waits for a human.
 */
public record WorkerTopology(WorkerConfig config) {

    public String workQueue() {
        return config.queue();
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

    /** Every queue the worker owns: its work queue (or partitions), its delay queues, its parking lot. */
    public List<String> queues() {
        return SubscriberQueues.all(config.queue(), config.partitions(), config.retryDelays());
    }

    public void declare(Channel channel) throws IOException {
        config.amqp().declareEventExchange(channel, config.exchange());
        AmqpSettings amqp = config.amqp();
        config.subscription().declare(channel, amqp, config.exchange());
        for (Duration delay : config.retryDelays()) {
            Map<String, Object> arguments = new HashMap<>(config.subscription().returnAfterDelay(amqp.queueType()));
            arguments.put("x-message-ttl", delay.toMillis());
            amqp.declareQueue(channel, retryQueueFor(delay), arguments);
        }
        amqp.declareQueue(channel, parkingLot(), Map.of());
    }
}
