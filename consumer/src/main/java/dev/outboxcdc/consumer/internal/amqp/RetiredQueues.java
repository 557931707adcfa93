package dev.outboxcdc.consumer.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.consumer.internal.ConsumerSettings;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier {@code WORKER_PARTITIONS} left on the broker, found each time the worker
 * connects, after it declared its current queues: the single queue and its delay queues when it now
 * runs partitions; the partitions beyond the new count; the partition exchange, the partitions and
 * their delay queues when it now runs one queue; and the delay queues of versions that returned
 * messages through the default exchange ({@link SubscriberQueues#defaultExchangeRetryQueues}).
 * Nothing they hold is lost:
 * <ul>
 *   <li>each is unbound first, so that no new event arrives there (the partitions of a move back to
 *       one queue stay bound to their exchange, which is unbound instead: messages still waiting in
 *       their delay queues come back to them);</li>
 *   <li>a retired delay queue returns its messages where it was declared to, after its delay, and is
 *       deleted once empty;</li>
 *   <li>a retired queue is consumed until it is empty, and deleted once it and the retired delay
 *       queues are empty and nobody consumes it (at a later connect). The read model's version check
 *       keeps each customer's order across the old and the new queues.</li>
 * </ul>
 */
public final class RetiredQueues {
    private static final Logger log = LoggerFactory.getLogger(RetiredQueues.class);

    private RetiredQueues() {}

    /** Retires what the current setting no longer uses; returns the retired queues to consume. */
    public static List<String> retire(Connection connection, ConsumerSettings config) throws IOException {
        String queue = config.queue();
        int partitions = config.partitions();
        String partitionExchange = SubscriberQueues.partitionExchange(queue);
        List<String> retired = new ArrayList<>();
        List<String> retiredDelays;
        if (partitions > 1) {
            if (inspect(connection, queue).isPresent()) {
                run(connection, channel -> channel.queueUnbind(queue, config.exchange(), config.bindingKey()));
                retired.add(queue);
            }
            retiredDelays = SubscriberQueues.retryQueues(queue, 1, config.retryDelays());
        } else {
            if (exchangeExists(connection, partitionExchange)) {
                run(
                        connection,
                        channel -> channel.exchangeUnbind(partitionExchange, config.exchange(), config.bindingKey()));
            }
            retiredDelays = SubscriberQueues.retryQueues(queue, 2, config.retryDelays());
        }
        for (int i = partitions == 1 ? 0 : partitions; ; i++) {
            String partition = SubscriberQueues.partition(queue, i);
            if (inspect(connection, partition).isEmpty()) {
                break;
            }
            if (partitions > 1) {
                run(connection, channel -> channel.queueUnbind(partition, partitionExchange, "1"));
            }
            retired.add(partition);
        }
        retiredDelays = new ArrayList<>(retiredDelays);
        retiredDelays.addAll(SubscriberQueues.defaultExchangeRetryQueues(queue, config.retryDelays()));
        boolean delaysEmpty = true;
        for (String delayQueue : retiredDelays) {
            if (inspect(connection, delayQueue).isPresent() && !deleteIfEmptyAndUnused(connection, delayQueue)) {
                delaysEmpty = false;
            }
        }
        List<String> toConsume = new ArrayList<>();
        for (String name : retired) {
            if (!delaysEmpty || !deleteIfEmptyAndUnused(connection, name)) {
                log.warn("{} is left from an earlier WORKER_PARTITIONS: consuming it until it is empty", name);
                toConsume.add(name);
            }
        }
        if (partitions == 1 && toConsume.isEmpty() && delaysEmpty && exchangeExists(connection, partitionExchange)) {
            run(connection, channel -> channel.exchangeDelete(partitionExchange));
            log.info("deleted the partition exchange {} (WORKER_PARTITIONS is 1 now)", partitionExchange);
        }
        return toConsume;
    }

    /**
     * Deletes the queue if it holds nothing and has no consumer; false otherwise. Checked first and
     * deleted then (quorum queues refuse the if-empty and if-unused flags): nothing can arrive in
     * between, as the queue is unbound and the delay queues that fed it are empty.
     */
    private static boolean deleteIfEmptyAndUnused(Connection connection, String queue) throws IOException {
        Optional<AMQP.Queue.DeclareOk> state = inspect(connection, queue);
        if (state.isEmpty()) {
            return true;
        }
        if (state.get().getMessageCount() > 0 || state.get().getConsumerCount() > 0) {
            return false;
        }
        run(connection, channel -> channel.queueDelete(queue));
        log.info("deleted the empty queue {} left by an earlier WORKER_PARTITIONS or version", queue);
        return true;
    }

    private interface ChannelAction {
        void run(Channel channel) throws IOException;
    }

    /** On a channel of its own: a refused operation closes the channel it ran on. */
    private static void run(Connection connection, ChannelAction action) throws IOException {
        try (Channel channel = connection.createChannel()) {
            action.run(channel);
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    private interface ChannelQuery<T> {
        T ask(Channel channel) throws IOException;
    }

    /** The answer, or empty when the broker refused (the object does not exist; the channel is closed then). */
    private static <T> Optional<T> probe(Connection connection, ChannelQuery<T> query) throws IOException {
        Channel channel = connection.createChannel();
        try {
            T answer = query.ask(channel);
            channel.close();
            return Optional.of(answer);
        } catch (IOException notFound) {
            return Optional.empty();
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    private static Optional<AMQP.Queue.DeclareOk> inspect(Connection connection, String queue) throws IOException {
        return probe(connection, channel -> channel.queueDeclarePassive(queue));
    }

    private static boolean exchangeExists(Connection connection, String exchange) throws IOException {
        return probe(connection, channel -> channel.exchangeDeclarePassive(exchange))
                .isPresent();
    }
}
