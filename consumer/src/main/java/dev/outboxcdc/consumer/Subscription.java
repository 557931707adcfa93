package dev.outboxcdc.consumer;

import java.nio.charset.StandardCharsets;

/**
 * What a service subscribes to, under a name of its own: its queue is named {@code name}, its delay
 * queues and parking lot are named from it, and its processed-message records carry it. Two services
 * with two names each get every event; two instances of one service share one name and its queue.
 *
 * @param name       the queue's name: 1 to 200 bytes of letters, digits and {@code . _ -}, not
 *                   starting with {@code amq.}
 * @param bindingKey which events, as a topic pattern on the event exchange's routing keys
 *                   ({@code <aggregate type>.<event type>}): {@code customer.*} takes every customer event
 * @param partitions 1: one queue, consumers competing, each aggregate's order kept by its handler's
 *                   version check; N (2 to 256): N queues with a single active consumer each, every
 *                   aggregate's events in one of them, in publish order (needs the broker plugin
 *                   rabbitmq_consistent_hash_exchange)
 */
public record Subscription(String name, String bindingKey, int partitions) {
    /** The most partitions a subscription may have. */
    public static final int MAX_PARTITIONS = 256;

    private static final int MAX_NAME_BYTES = 200;

    public Subscription {
        if (name.isEmpty()
                || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                || !name.matches("[A-Za-z0-9._-]+")
                || name.startsWith("amq.")) {
            throw new IllegalArgumentException("subscription name '" + name
                    + "' is not a valid queue name: 1 to " + MAX_NAME_BYTES
                    + " bytes of letters, digits and . _ -, not starting with amq.");
        }
        if (bindingKey.isBlank()) {
            throw new IllegalArgumentException("subscription " + name + " has no binding key");
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException(
                    "subscription " + name + ": partitions 1 to " + MAX_PARTITIONS + ", not " + partitions);
        }
    }

    /** One queue, not partitioned. */
    public static Subscription of(String name, String bindingKey) {
        return new Subscription(name, bindingKey, 1);
    }

    /** {@code partitions} queues with a single active consumer each. */
    public Subscription partitioned(int partitions) {
        return new Subscription(name, bindingKey, partitions);
    }
}
