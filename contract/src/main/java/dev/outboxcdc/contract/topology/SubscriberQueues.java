package dev.outboxcdc.contract.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The queues a subscriber owns, named after its work queue: its partitions, a delay queue per retry
 * delay and a parking lot, and the exchanges in front of them. The worker declares them; outboxctl,
 * the console and the tools find them by these names, and another consumer's operator reads them
 * in the broker: a rename here is a change of the contract.
 */
public final class SubscriberQueues {
    private SubscriberQueues() {}

    /**
     * The direct exchange a subscriber's copies go through (its retries and parked messages, and
     * outboxctl's requeues): each of its queues is bound to it by its own name, so a copy reaches the
     * subscriber's queues and no other. Through the default exchange instead, whoever may write
     * there may write to any queue of the broker.
     */
    public static String copiesExchange(String workQueue) {
        return workQueue + ".copies";
    }

    /** Where messages that cannot be handled wait for an operator. */
    public static String parkingLot(String workQueue) {
        return workQueue + ".parking-lot";
    }

    /**
     * The delay queue of one retry delay, named after the exchange it returns messages to and its
     * delay, neither of which a declared queue can change: {@code <queue>.copies.retry.<ms>ms} (back
     * to the work queue through the copies exchange) or, partitioned, {@code
     * <queue>.partitions.retry.<ms>ms} (to the partition exchange, which hashes each message to its
     * partition), the same for any number of partitions above one.
     */
    public static String retryQueue(String workQueue, int partitions, Duration delay) {
        String base = partitions == 1 ? copiesExchange(workQueue) : partitionExchange(workQueue);
        return base + ".retry." + delay.toMillis() + "ms";
    }

    /**
     * The delay queues of versions before the copies exchange, {@code <queue>.retry.<ms>ms}, which
     * return messages through the default exchange: retired by the worker (emptied, then deleted).
     */
    public static List<String> defaultExchangeRetryQueues(String workQueue, List<Duration> retryDelays) {
        return retryDelays.stream()
                .distinct()
                .map(delay -> workQueue + ".retry." + delay.toMillis() + "ms")
                .toList();
    }

    /** The delay queues for {@code retryDelays}, each delay once. */
    public static List<String> retryQueues(String workQueue, int partitions, List<Duration> retryDelays) {
        return retryDelays.stream()
                .distinct()
                .map(delay -> retryQueue(workQueue, partitions, delay))
                .toList();
    }

    /** Partition {@code index} (from 0) of a subscriber partitioned in {@code partitions} queues. */
    public static String partition(String workQueue, int index) {
        return workQueue + ".p" + index;
    }

    /** The consistent-hash exchange that spreads a partitioned subscriber's events over its partitions. */
    public static String partitionExchange(String workQueue) {
        return workQueue + ".partitions";
    }

    /** The queues the events arrive in: the work queue, or its partitions. */
    public static List<String> consumed(String workQueue, int partitions) {
        if (partitions == 1) {
            return List.of(workQueue);
        }
        List<String> queues = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            queues.add(partition(workQueue, i));
        }
        return queues;
    }

    /** The work queue (or its partitions), its delay queues, its parking lot. */
    public static List<String> all(String workQueue, int partitions, List<Duration> retryDelays) {
        List<String> queues = new ArrayList<>(consumed(workQueue, partitions));
        queues.addAll(retryQueues(workQueue, partitions, retryDelays));
        queues.add(parkingLot(workQueue));
        return queues;
    }
}
