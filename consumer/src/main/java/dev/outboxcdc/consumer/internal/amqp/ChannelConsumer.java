package dev.outboxcdc.consumer.internal.amqp;

import com.rabbitmq.client.Channel;
import dev.outboxcdc.consumer.internal.receive.Decision;
import dev.outboxcdc.consumer.internal.receive.IdempotentReceiver;
import dev.outboxcdc.support.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one channel with manual acks: deliveries are handled in small batches (one transaction,
 * one multiple-ack), and acked only after their transaction committed or their copy was confirmed
 * into a retry or parking queue. Never auto-ack, never ack in {@code finally}. One thread per instance.
 * Whatever ends it other than {@link #stop()} — a channel closed by the broker, a copy that could
 * not be stored, a consumer cancelled — it reports to {@code onFailure} once, so that its
 * supervisor recycles the connection and its unacked deliveries come back.
 */
final class ChannelConsumer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ChannelConsumer.class);

    private final Channel channel;
    private final FailureRouter router;
    private final IdempotentReceiver receiver;
    private final int batchSize;
    private final BatchWindow window;
    private final BlockingQueue<IncomingMessage> buffer = new LinkedBlockingQueue<>();
    private final Consumer<String> onFailure;
    private final ConsumerMetrics metrics;
    private final AtomicInteger unacked = new AtomicInteger();
    private volatile boolean running = true;
    private final List<String> consumerTags = new ArrayList<>();

    ChannelConsumer(
            Channel channel,
            FailureRouter router,
            IdempotentReceiver receiver,
            int batchSize,
            BatchWindow window,
            Consumer<String> onFailure,
            ConsumerMetrics metrics) {
        this.channel = channel;
        this.router = router;
        this.receiver = receiver;
        this.batchSize = batchSize;
        this.window = window;
        this.onFailure = onFailure;
        this.metrics = metrics;
    }

    /**
     * Consumes {@code queues}, each with up to {@code prefetch} unacked deliveries. Deliveries of one
     * queue are handled in their order, batch after batch, on this consumer's one thread.
     */
    void subscribe(List<String> queues, int prefetch) throws IOException {
        channel.basicQos(prefetch);
        for (String queue : queues) {
            consumerTags.add(channel.basicConsume(
                    queue,
                    false,
                    (tag, delivery) -> {
                        unacked.incrementAndGet();
                        metrics.received();
                        buffer.add(IncomingMessage.of(
                                delivery.getEnvelope().getDeliveryTag(), delivery.getProperties(), delivery.getBody()));
                    },
                    tag -> onFailure.accept(
                            "consumer " + tag + " of " + queue + " cancelled by the broker (its queue was deleted?)")));
        }
    }

    /** Stops taking deliveries; the batch in hand is finished. Unacked buffered ones return to the queue. */
    void stop() {
        running = false;
        try {
            if (channel.isOpen()) {
                for (String consumerTag : consumerTags) {
                    channel.basicCancel(consumerTag);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cancel on a closing channel: {}", e.getMessage());
        }
    }

    @Override
    public void run() {
        String ended = "ended unexpectedly";
        try {
            while (running && channel.isOpen()) {
                List<IncomingMessage> batch = nextBatch();
                if (!batch.isEmpty()) {
                    process(batch);
                }
            }
            ended = "its channel closed: " + channel.getCloseReason();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = "interrupted";
        } catch (IOException | RuntimeException e) {
            ended = e.getMessage();
        } finally {
            metrics.released(unacked.getAndSet(0)); // the broker takes them back with the channel
            if (running) {
                onFailure.accept(ended);
            }
        }
    }

    /** The deliveries buffered, and those that follow while the batch's {@link BatchWindow} is open. */
    private List<IncomingMessage> nextBatch() throws InterruptedException {
        List<IncomingMessage> batch = new ArrayList<>(batchSize);
        IncomingMessage first = buffer.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        BatchWindow.Open open = window.open();
        while (batch.size() < batchSize) {
            buffer.drainTo(batch, batchSize - batch.size());
            Duration left = open.nextWait();
            if (batch.size() >= batchSize || left.isZero()) {
                break;
            }
            IncomingMessage next = buffer.poll(left.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void process(List<IncomingMessage> batch) throws IOException, InterruptedException {
        long started = System.nanoTime();
        IdempotentReceiver.Outcome outcome = receiveWhileDatabaseIsDown(batch);
        if (outcome == null) {
            return; // stopping during an outage: leave them unacked, the broker redelivers them
        }
        Duration handlerTime = Duration.ofNanos(System.nanoTime() - started);
        for (Decision decision : outcome.decisions()) {
            if (decision instanceof Decision.Park park) {
                router.park(park.message(), park.reason());
            } else if (decision instanceof Decision.Retry retry) {
                router.retryOrPark(retry.message(), retry.reason());
            } else if (decision instanceof Decision.Hold hold) {
                router.holdOrPark(hold.message(), hold.reason());
            }
        }
        channel.basicAck(batch.get(batch.size() - 1).deliveryTag(), true);
        unacked.addAndGet(-batch.size());
        metrics.released(batch.size());
        metrics.batchDone(outcome, handlerTime);
    }

    private IdempotentReceiver.@Nullable Outcome receiveWhileDatabaseIsDown(List<IncomingMessage> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                IdempotentReceiver.Outcome outcome = receiver.receive(batch);
                if (attempt > 1) {
                    log.info("database reachable again after {} attempts; batch of {} handled", attempt, batch.size());
                }
                return outcome;
            } catch (RuntimeException e) {
                if (attempt == 1) {
                    log.warn(
                            "database unavailable, holding {} messages unacked and retrying: {}",
                            batch.size(),
                            e.getMessage());
                }
                if (!running || !Backoff.DEFAULT.pause(attempt)) {
                    return null;
                }
            }
        }
    }
}
