package dev.outboxcdc.worker.consume;

import com.rabbitmq.client.Channel;
import dev.outboxcdc.support.retry.Backoff;
import dev.outboxcdc.worker.inbox.IdempotentReceiver;
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
final class ChannelWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ChannelWorker.class);

    private final Channel channel;
    private final FailureRouter router;
    private final IdempotentReceiver receiver;
    private final int batchSize;
    private final Duration batchWait;
    private final Duration batchLinger;
    private final BlockingQueue<IncomingMessage> buffer = new LinkedBlockingQueue<>();
    private final Consumer<String> onFailure;
    private final ConsumerMetrics metrics;
    private final AtomicInteger unacked = new AtomicInteger();
    private volatile boolean running = true;
    private final List<String> consumerTags = new ArrayList<>();

    ChannelWorker(
            Channel channel,
            FailureRouter router,
            IdempotentReceiver receiver,
            int batchSize,
            Duration batchWait,
            Duration batchLinger,
            Consumer<String> onFailure,
            ConsumerMetrics metrics) {
        this.channel = channel;
        this.router = router;
        this.receiver = receiver;
        this.batchSize = batchSize;
        this.batchWait = batchWait;
        this.batchLinger = batchLinger;
        this.onFailure = onFailure;
        this.metrics = metrics;
    }

    /**
     * Consumes {@code queues}, each with up to {@code prefetch} unacked deliveries. Deliveries of one
     * queue are handled in their order, batch after batch, on this worker's one thread.
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

    /**
     * The deliveries buffered, and those that follow while they keep coming within {@code batchWait}
     * of each other, for at most {@code batchLinger} from the first: a lone event waits one
     * {@code batchWait}, a stream of them shares one commit per {@code batchLinger}.
     */
    private List<IncomingMessage> nextBatch() throws InterruptedException {
        List<IncomingMessage> batch = new ArrayList<>(batchSize);
        IncomingMessage first = buffer.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long deadline = System.nanoTime() + batchLinger.toNanos();
        while (batch.size() < batchSize) {
            buffer.drainTo(batch, batchSize - batch.size());
            long left = Math.min(deadline - System.nanoTime(), batchWait.toNanos());
            if (batch.size() >= batchSize || left <= 0) {
                break;
            }
            IncomingMessage next = buffer.poll(left, TimeUnit.NANOSECONDS);
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
        for (IdempotentReceiver.Failure failure : outcome.park()) {
            router.park(failure.message(), failure.reason());
        }
        for (IdempotentReceiver.Failure failure : outcome.retry()) {
            router.retryOrPark(failure.message(), failure.reason());
        }
        for (IdempotentReceiver.Failure failure : outcome.hold()) {
            router.holdOrPark(failure.message(), failure.reason());
        }
        channel.basicAck(batch.get(batch.size() - 1).deliveryTag(), true);
        unacked.addAndGet(-batch.size());
        metrics.released(batch.size());
        metrics.batchDone(batch, outcome, handlerTime);
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
