package dev.outboxcdc.consumer.internal.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.outboxcdc.consumer.internal.ConsumerSettings;
import dev.outboxcdc.consumer.internal.receive.IdempotentReceiver;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.retry.Backoff;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a subscription's consumers connected: opens a connection, declares the topology, runs one
 * {@link ChannelConsumer} per configured consumer, and when the connection is lost — or any consumer
 * ends for another reason — closes it and starts over with backoff, declaring the topology again.
 * Deliveries of a lost channel were never acked, so the broker redelivers them.
 */
public final class ConsumerRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerRunner.class);

    private final ConsumerSettings config;
    private final AmqpSettings amqp;
    private final ConnectionFactory factory;
    private final IdempotentReceiver receiver;
    private final SubscriberTopology topology;
    private final BatchWindow window;
    private final Thread supervisor;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch consuming = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile @Nullable CountDownLatch connectionLost;
    private volatile boolean connected;
    private final ConsumerMetrics metrics;
    private final BrokerBlocking blocking;

    public ConsumerRunner(
            ConsumerSettings config,
            IdempotentReceiver receiver,
            ConsumerMetrics metrics,
            BrokerBlocking blocking,
            Clock clock) {
        this.config = config;
        this.blocking = blocking;
        this.metrics = metrics;
        this.amqp = config.amqp();
        this.factory = amqp.connectionFactory();
        this.receiver = receiver;
        this.topology = new SubscriberTopology(config);
        this.window = new BatchWindow(clock, config.batchWait(), config.batchLinger());
        this.supervisor = new Thread(this::superviseConnection, config.service() + "-supervisor");
    }

    public void start() {
        supervisor.start();
    }

    private void superviseConnection() {
        int failures = 0;
        while (!stopping) {
            try (Connection connection = amqp.connect(factory, "outbox-" + config.service())) {
                runConnected(connection, failures);
                failures = 0;
            } catch (IOException | TimeoutException | RuntimeException e) {
                if (failures++ == 0 && !stopping) {
                    log.warn("broker unavailable, reconnecting with backoff: {}", e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (!stopping && !Backoff.DEFAULT.pause(Math.max(failures, 1))) {
                break;
            }
        }
        stopped.countDown();
    }

    private void runConnected(Connection connection, int previousFailures) throws IOException, InterruptedException {
        blocking.watch(connection);
        CountDownLatch lost = new CountDownLatch(1);
        connectionLost = lost;
        connection.addShutdownListener(cause -> lost.countDown());
        try (Channel setup = connection.createChannel()) {
            topology.declare(setup);
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
        List<String> queues = new ArrayList<>(topology.consumedQueues());
        queues.addAll(RetiredQueues.retire(connection, config));
        List<ChannelConsumer> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<List<String>> queuesPerConsumer = spread(queues, config.concurrency());
        for (int i = 0; i < queuesPerConsumer.size(); i++) {
            FailureRouter router = new FailureRouter(
                    connection.createChannel(), new RetryPolicy(topology, config.maxAttempts(), config.maxWaits()));
            ChannelConsumer worker = new ChannelConsumer(
                    connection.createChannel(),
                    router,
                    receiver,
                    config.batchSize(),
                    window,
                    reason -> recycle(lost, reason),
                    metrics);
            worker.subscribe(queuesPerConsumer.get(i), config.prefetch());
            Thread thread = new Thread(worker, config.service() + "-" + i);
            thread.start();
            workers.add(worker);
            threads.add(thread);
        }
        log.info(
                "{} consuming {} (bound to {} with {}), {} consumers, prefetch {}, batch {}{}",
                config.service(),
                config.partitions() == 1
                        ? topology.workQueue()
                        : config.partitions() + " partitions " + topology.workQueue() + ".p0-"
                                + (config.partitions() - 1),
                config.exchange(),
                config.bindingKey(),
                workers.size(),
                config.prefetch(),
                config.batchSize(),
                previousFailures > 0 ? ", reconnected after " + previousFailures + " failed attempts" : "");
        consuming.countDown();
        connected = true;
        // Until every consumer has finished its batch in hand (committed AND acked), the connection
        // stays open: an interrupt (close() sends one to end a backoff) must not close it under a
        // batch whose ack would then be lost and the batch delivered again.
        if (stopping) {
            lost.countDown(); // close() came during the setup, before it could see this connection's latch
        }
        boolean interrupted;
        try {
            interrupted = uninterruptibly(lost::await);
        } finally {
            connected = false;
        }
        workers.forEach(ChannelConsumer::stop);
        for (Thread thread : threads) {
            interrupted |= uninterruptibly(thread::join);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One queue: every consumer takes it (competing consumers). Partitions: each consumer takes its
     * share, partition i going to consumer i mod n, so that one thread handles a partition in order;
     * never more consumers than partitions.
     */
    static List<List<String>> spread(List<String> queues, int consumers) {
        List<List<String>> shares = new ArrayList<>();
        if (queues.size() == 1) {
            for (int i = 0; i < consumers; i++) {
                shares.add(queues);
            }
            return shares;
        }
        for (int i = 0; i < Math.min(consumers, queues.size()); i++) {
            shares.add(new ArrayList<>());
        }
        for (int q = 0; q < queues.size(); q++) {
            shares.get(q % shares.size()).add(queues.get(q));
        }
        return shares;
    }

    private interface Wait {
        void run() throws InterruptedException;
    }

    /** Waits to the end whatever interrupts come; returns whether one came. */
    private static boolean uninterruptibly(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /** A consumer ended on its own: log once and make the supervisor start over on a new connection. */
    private void recycle(CountDownLatch lost, String reason) {
        if (lost.getCount() > 0 && !stopping) {
            log.warn(
                    "a consumer stopped ({}); recycling the connection so that its unacked deliveries come back",
                    reason);
        }
        lost.countDown();
    }

    /** True while connected with every consumer subscribed; false while (re)connecting. */
    public boolean consuming() {
        return connected;
    }

    /** Waits until the queues are declared and the consumers subscribed (the first time). */
    public boolean awaitConsuming(Duration timeout) throws InterruptedException {
        return consuming.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stopping = true;
        CountDownLatch lost = connectionLost;
        if (lost != null) {
            lost.countDown();
        }
        supervisor.interrupt();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
