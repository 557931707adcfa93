package dev.outboxcdc.consumer.internal.amqp;

import dev.outboxcdc.consumer.internal.receive.Decision;
import dev.outboxcdc.consumer.internal.receive.IdempotentReceiver;
import dev.outboxcdc.contract.events.MessageHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** What the consumers of one subscription did, every series tagged with its consumer name. Thread-safe. */
public final class ConsumerMetrics {
    private final MeterRegistry registry;
    private final String consumer;
    private final Clock clock;
    private final AtomicInteger unacked = new AtomicInteger();
    private final Counter handled;
    private final Counter duplicates;
    private final Counter parked;
    private final Counter held;
    private final Timer handlerLatency;
    private final Timer eventAge;

    public ConsumerMetrics(MeterRegistry registry, String consumer, Clock clock) {
        this.registry = registry;
        this.consumer = consumer;
        this.clock = clock;
        Gauge.builder("outbox.worker.deliveries.unacked", unacked, AtomicInteger::get)
                .tag("consumer", consumer)
                .description("Deliveries received and not yet acked (in hand or in a batch)")
                .register(registry);
        handled = Counter.builder("outbox.worker.messages.handled")
                .tag("consumer", consumer)
                .description("Messages whose handler committed its effect (first deliveries)")
                .register(registry);
        duplicates = Counter.builder("outbox.worker.messages.duplicates")
                .tag("consumer", consumer)
                .description("Deliveries of a message handled before, skipped by the idempotent receiver")
                .register(registry);
        parked = Counter.builder("outbox.worker.messages.parked")
                .tag("consumer", consumer)
                .description("Messages moved to the parking lot (malformed, unknown type, or out of attempts)")
                .register(registry);
        held = Counter.builder("outbox.worker.messages.held")
                .tag("consumer", consumer)
                .description(
                        "Events sent to wait because their predecessor (same aggregate, previous version) was not applied yet")
                .register(registry);
        handlerLatency = Timer.builder("outbox.worker.handler.latency")
                .tag("consumer", consumer)
                .description("One batch's transaction: dedup records and handlers' effects")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        eventAge = Timer.builder("outbox.worker.event.age")
                .tag("consumer", consumer)
                .description("From the outbox row's commit to its effect's commit in the worker")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        retried(1); // the series exists before the first failure
    }

    public void received() {
        unacked.incrementAndGet();
    }

    /** {@code count} deliveries left this worker's hands: acked, or given back with a closed channel. */
    public void released(int count) {
        unacked.addAndGet(-count);
    }

    /** A batch committed: its handled messages' age, its duplicates, its failures by attempt. */
    public void batchDone(IdempotentReceiver.Outcome outcome, Duration handlerTime) {
        handlerLatency.record(handlerTime);
        outcome.retry().forEach(retry -> retried(retry.message().attempt()).increment());
        parked.increment(outcome.park().size());
        held.increment(outcome.hold().size());
        duplicates.increment(outcome.duplicates());
        handled.increment(outcome.handled());
        Instant now = clock.instant();
        for (Decision decision : outcome.decisions()) {
            if (decision instanceof Decision.Commit) {
                MessageHeaders.createdAt(decision.message().properties().getHeaders())
                        .ifPresent(createdAt -> eventAge.record(Duration.between(createdAt, now)));
            }
        }
    }

    /** Handler failures of the given attempt (1 = first delivery), each copied to a delay queue or, out of attempts, parked. */
    private Counter retried(int attempt) {
        return Counter.builder("outbox.worker.messages.retried")
                .tag("consumer", consumer)
                .tag("attempt", Integer.toString(attempt))
                .description(
                        "Handler failures by the attempt that failed; the message goes to a delay queue, or is parked when out of attempts")
                .register(registry);
    }
}
