package dev.outboxcdc.worker.topology;

import com.rabbitmq.client.Channel;
import dev.outboxcdc.support.amqp.SubscriberQueues;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.worker.WorkerConfig;
import java.io.IOException;
import java.time.Duration;
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
        return SubscriberQueues.retryQueue(config.queue(), delay);
    }

    /** Every queue the worker owns: its work queue, its delay queues, its parking lot. */
    public List<String> queues() {
        return SubscriberQueues.all(config.queue(), config.retryDelays());
    }

    public void declare(Channel channel) throws IOException {
        config.amqp().declareEventExchange(channel, config.exchange());
        new Subscription(workQueue(), config.bindingKey()).declare(channel, config.exchange());
        for (Duration delay : config.retryDelays()) {
            channel.queueDeclare(
                    retryQueueFor(delay),
                    true,
                    false,
                    false,
                    Map.of(
                            "x-message-ttl", delay.toMillis(),
                            "x-dead-letter-exchange", "",
                            "x-dead-letter-routing-key", workQueue()));
        }
        channel.queueDeclare(parkingLot(), true, false, false, null);
    }
}
