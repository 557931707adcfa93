package dev.outboxcdc.worker.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What the consumers of one worker did, tagged with its consumer name. Thread-safe. */
public final class ConsumerMetrics {
    private final AtomicInteger unacked = new AtomicInteger();
    private final Counter handled;
    private final Counter retried;
    private final Counter parked;
    private final Timer batchLatency;

    public ConsumerMetrics(MeterRegistry registry, String consumer) {
        Gauge.builder("outbox.worker.deliveries.unacked", unacked, AtomicInteger::get).tag("consumer", consumer)
                .description("Deliveries received and not yet acked (in hand or in a batch)").register(registry);
        handled = Counter.builder("outbox.worker.messages.handled").tag("consumer", consumer)
                .description("Messages committed (handled, or skipped as a duplicate) and acked").register(registry);
        retried = Counter.builder("outbox.worker.messages.retried").tag("consumer", consumer)
                .description("Messages whose handler failed: copied to a delay queue, or parked when out of attempts").register(registry);
        parked = Counter.builder("outbox.worker.messages.parked").tag("consumer", consumer)
                .description("Messages moved to the parking lot (malformed, or out of attempts)").register(registry);
        batchLatency = Timer.builder("outbox.worker.batch.latency").tag("consumer", consumer)
                .description("From taking a batch until its ack").publishPercentileHistogram().register(registry);
    }

    void received() {
        unacked.incrementAndGet();
    }

    /** {@code count} deliveries left this worker's hands: acked, or given back with a closed channel. */
    void released(int count) {
        unacked.addAndGet(-count);
    }

    void batchDone(int size, int retriedCount, int parkedCount, long startedNanos) {
        handled.increment(size - retriedCount - parkedCount);
        retried.increment(retriedCount);
        parked.increment(parkedCount);
        batchLatency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
