package dev.outboxcdc.consumer.internal;

import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.Subscription;
import java.time.Duration;
import java.util.List;

/**
 * Everything a running consumer reads, checked by {@code EventConsumer.Builder} before it is made.
 *
 * @param service      the name its logs, metrics and connections carry ({@code worker} for the worker)
 * @param consumerName the name its processed-message records carry; one per logical consumer
 * @param retryDelays  the delay before each retry; a handler failing {@code maxAttempts} times is parked
 * @param batchWait    how long a partial batch waits for the next delivery
 * @param batchLinger  how long a batch may grow in all, from its first delivery
 * @param maxWaits     how often an event waits for its predecessor before it is parked
 */
public record ConsumerSettings(
        String service,
        AmqpSettings amqp,
        String exchange,
        Subscription subscription,
        String consumerName,
        int prefetch,
        int concurrency,
        int batchSize,
        Duration batchWait,
        Duration batchLinger,
        int maxAttempts,
        int maxWaits,
        List<Duration> retryDelays,
        Duration retention) {
    public ConsumerSettings {
        retryDelays = List.copyOf(retryDelays);
        if (retryDelays.isEmpty()) {
            throw new IllegalArgumentException("at least one retry delay");
        }
    }

    public String queue() {
        return subscription.queue();
    }

    public String bindingKey() {
        return subscription.bindingKey();
    }

    public int partitions() {
        return subscription.partitions();
    }
}
