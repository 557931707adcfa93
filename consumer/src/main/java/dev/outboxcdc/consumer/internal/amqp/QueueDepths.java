package dev.outboxcdc.consumer.internal.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.outboxcdc.support.amqp.AmqpSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The depth of the subscription's queues ({@code outbox_worker_queue_depth{queue=…}}), asked from the
 * broker on a schedule of its own over a connection of its own and cached, so that a scrape never
 * waits for the broker; NaN while the broker cannot tell.
 */
public final class QueueDepths implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

    private final AmqpSettings amqp;
    private final ConnectionFactory factory;
    private final List<String> queues;
    private final Map<String, Double> depths = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "queue-depths");
        thread.setDaemon(true);
        return thread;
    });
    private @Nullable Connection connection;
    private boolean failing;

    public QueueDepths(AmqpSettings amqp, SubscriberTopology topology, String consumer, MeterRegistry registry) {
        this.amqp = amqp;
        this.factory = amqp.connectionFactory();
        this.queues = topology.queues();
        for (String queue : queues) {
            depths.put(queue, Double.NaN);
            Gauge.builder("outbox.worker.queue.depth", depths, cached -> cached.getOrDefault(queue, Double.NaN))
                    .tag("consumer", consumer)
                    .tag("queue", queue)
                    .description("Messages ready in the queue, as the broker last said (refreshed every 15 s)")
                    .register(registry);
        }
    }

    /** The first message on the cause chain: a channel closed by the broker (a queue not declared yet) has it in its cause. */
    private static String reason(Exception error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
        }
        return error.getClass().getSimpleName();
    }

    public void start(Duration every) {
        ScheduledFuture<?> unused =
                scheduler.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = amqp.connect(factory, "outbox-worker-queue-depths");
            }
            try (Channel channel = connection.createChannel()) {
                for (String queue : queues) {
                    depths.put(
                            queue, (double) channel.queueDeclarePassive(queue).getMessageCount());
                }
            }
            if (failing) {
                log.info("queue depths: the broker answers again");
                failing = false;
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            queues.forEach(queue -> depths.put(queue, Double.NaN));
            if (!failing) {
                log.warn(
                        "queue depths unknown until the broker answers (or the worker declares its queues): {}",
                        reason(e));
                failing = true;
            }
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null && connection.isOpen()) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing the queue-depth connection: {}", e.getMessage());
            }
        }
        connection = null;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
