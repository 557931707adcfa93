package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.topology.BrokerNames;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscriber of the events: its durable queue and the binding key on the event exchange
 * ({@code WORKER_QUEUE}, {@code WORKER_BINDING_KEY}). Declared by the worker, and by the relay
 * before it publishes, so that no event published before the worker's first start is routed
 * elsewhere (to the unrouted queue) instead of to its queue.
 *
 * <p>Partitioned ({@code WORKER_PARTITIONS} = N > 1): instead of one queue, N queues
 * {@code <queue>.p0 … p<N-1>}, each with a single active consumer, behind a consistent-hash
 * exchange {@code <queue>.partitions} bound to the event exchange, that hashes the
 * {@code aggregate_id} header: all events of one customer go to one partition, in publish order,
 * and are consumed by one consumer at a time, while the partitions are consumed in parallel.
 */
public record Subscription(String queue, String bindingKey, int partitions) {
    public static final String QUEUE_VARIABLE = BrokerVariables.WORKER_QUEUE.name();
    public static final String DEFAULT_QUEUE = BrokerNames.CUSTOMER_WORKER_QUEUE;
    public static final String BINDING_KEY_VARIABLE = BrokerVariables.WORKER_BINDING_KEY.name();
    public static final String PARTITIONS_VARIABLE = BrokerVariables.WORKER_PARTITIONS.name();
    public static final int MAX_PARTITIONS = BrokerVariables.MAX_WORKER_PARTITIONS;
    /** The RabbitMQ plugin, shipped with the server, that partitions need. */
    public static final String HASH_EXCHANGE_PLUGIN = "rabbitmq_consistent_hash_exchange";

    public Subscription {
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("partitions: 1 to " + MAX_PARTITIONS + ", not " + partitions);
        }
    }

    /** One queue, not partitioned. */
    public Subscription(String queue, String bindingKey) {
        this(queue, bindingKey, 1);
    }

    public static Subscription fromEnv(Env env) {
        return new Subscription(
                env.get(BrokerVariables.WORKER_QUEUE),
                env.get(BrokerVariables.WORKER_BINDING_KEY),
                env.get(BrokerVariables.WORKER_PARTITIONS));
    }

    /** {@code WORKER_RETRY_DELAYS_MS}: the delay before each retry, the last one repeating. */
    public static List<Duration> retryDelays(Env env) {
        return env.get(BrokerVariables.WORKER_RETRY_DELAYS_MS);
    }

    /** {@code WORKER_RETRY_DELAYS_MS}'s default: 1, 5 and 30 seconds. */
    public static List<Duration> defaultRetryDelays() {
        return BrokerVariables.WORKER_RETRY_DELAYS_MS.defaultValue().orElseThrow();
    }

    public boolean partitioned() {
        return partitions > 1;
    }

    /** The queues the events arrive in: the queue, or its partitions. */
    public List<String> consumedQueues() {
        return SubscriberQueues.consumed(queue, partitions);
    }

    /**
     * The exchange a message is published to to put it back in line: the subscriber's copies exchange
     * ({@link SubscriberQueues#copiesExchange}), or the partition exchange.
     */
    public String requeueExchange() {
        return partitioned() ? SubscriberQueues.partitionExchange(queue) : SubscriberQueues.copiesExchange(queue);
    }

    /** The routing key that goes with {@link #requeueExchange()}: the queue, or none (the hash takes the header). */
    public String requeueRoutingKey() {
        return partitioned() ? "" : queue;
    }

    /**
     * Where a message is sent back to after a delay (retry, or waiting for its predecessor): the
     * queue through the copies exchange (never the default exchange, which a subscriber's user must
     * not write to), or the partition exchange, which hashes it to the partition it came from.
     */
    public Map<String, Object> returnAfterDelay(QueueType type) {
        Map<String, Object> arguments = new HashMap<>(type.deadLetterTo(queue));
        arguments.put(
                "x-dead-letter-exchange",
                partitioned() ? SubscriberQueues.partitionExchange(queue) : SubscriberQueues.copiesExchange(queue));
        return arguments;
    }

    /**
     * Declares the queue, or the partition exchange and the partitions ({@link
     * AmqpSettings#declareQueue}), and binds them to {@code exchange}.
     */
    public void declare(Channel channel, AmqpSettings amqp, String exchange) throws IOException {
        if (!partitioned()) {
            amqp.declareQueue(channel, queue, Map.of());
            channel.queueBind(queue, exchange, bindingKey);
            return;
        }
        String partitionExchange = SubscriberQueues.partitionExchange(queue);
        try {
            channel.exchangeDeclare(
                    partitionExchange,
                    "x-consistent-hash",
                    true,
                    false,
                    Map.of("hash-header", MessageHeaders.AGGREGATE_ID));
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal
                    && String.valueOf(signal.getMessage()).contains("x-consistent-hash")) {
                throw new ConfigException(PARTITIONS_VARIABLE + "=" + partitions + " needs the broker plugin "
                        + HASH_EXCHANGE_PLUGIN + ", shipped with RabbitMQ: rabbitmq-plugins enable "
                        + HASH_EXCHANGE_PLUGIN + " (on every node)");
            }
            throw e;
        }
        channel.exchangeBind(partitionExchange, exchange, bindingKey);
        List<String> partitionQueues = consumedQueues();
        for (String partition : partitionQueues) {
            amqp.declareQueue(channel, partition, Map.of("x-single-active-consumer", true));
            // The binding key of a consistent-hash exchange is the queue's weight on the ring.
            channel.queueBind(partition, partitionExchange, "1");
        }
    }
}
