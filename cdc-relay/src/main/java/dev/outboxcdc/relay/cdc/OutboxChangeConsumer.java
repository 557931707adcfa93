package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.relay.RelayConfig;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.relay.publish.RetryingPublisher;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.spi.OffsetCommitPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the engine's batches in binlog (commit) order, publishes the outbox inserts and only
 * after every one is confirmed marks the records processed, so the stored offset never passes an
 * unconfirmed event. Called by the engine's single consumer thread; a stopping relay waits for the
 * batch in flight ({@link #awaitIdle}).
 *
 * <p>Heartbeats (an idle outbox while other tables change) are marked only when their position is
 * in another binlog file than the last one marked: the stored position follows every rotation, so
 * no purge of old files can take it away, and storing it — itself a binlog write — does not make
 * the next heartbeat store again, which would write the offsets table every heartbeat interval
 * forever on an otherwise idle server.
 *
 * <p>Under load (a batch of {@link RelayConfig#LINGER_FROM_MESSAGES} or more events) it waits
 * {@code RELAY_BATCH_LINGER_MS} before returning, so that the next batch holds what arrived meanwhile:
 * the engine's queue hands over everything captured in one poll interval, and at a few events a batch
 * the fixed cost of each one (publish + confirm round trip, the worker's transaction) dominates. At a
 * low rate no batch is that large and nothing waits.
 */
final class OutboxChangeConsumer implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
    private static final Logger log = LoggerFactory.getLogger(OutboxChangeConsumer.class);
    private static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";
    /** Present in the source offset of every record of a snapshot (its value the snapshot's type). */
    private static final String SNAPSHOT_OFFSET_KEY = "snapshot";

    private final RetryingPublisher publisher;
    private final RelayMetrics metrics;
    private final LeaseFence fence;
    private final RelayConfig config;
    private final ReentrantLock inFlight = new ReentrantLock();
    private @Nullable Object lastMarkedFile;
    /** Set for a batch whose offsets must be stored at once (see {@link #commitPolicy}). */
    private boolean storeNow;

    private boolean previousBatchSnapshot;
    private long oddRows;

    /**
     * @param fence  asked before publishing; a lost lease stops the engine (fencing)
     * @param config its {@link RelayConfig#lingerAfter} a batch (RELAY_BATCH_LINGER_MS)
     */
    OutboxChangeConsumer(RetryingPublisher publisher, RelayMetrics metrics, LeaseFence fence, RelayConfig config) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.fence = fence;
        this.config = config;
    }

    @Override
    public void handleBatch(
            List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        int published;
        inFlight.lockInterruptibly();
        try {
            published = handle(records, committer);
        } finally {
            inFlight.unlock();
        }
        // Under load, the engine's queue keeps filling meanwhile: the next batch holds what arrived.
        TimeUnit.NANOSECONDS.sleep(config.lingerAfter(published).toNanos());
    }

    /**
     * When the engine stores the offsets of what was marked: after a batch that ends {@code interval}
     * after the last store, and after every batch of a snapshot and the one that follows it. A
     * snapshot's stored progress decides whether the next start snapshots again; stored only now
     * and then, a relay killed right after a snapshot would resume from a position inside it.
     * Asked by the engine on the consumer's thread, inside {@link DebeziumEngine.RecordCommitter#markBatchFinished}.
     */
    OffsetCommitPolicy commitPolicy(Duration interval) {
        return (recordsSinceLastStore, sinceLastStore) -> storeNow || sinceLastStore.compareTo(interval) >= 0;
    }

    /** Waits (at most {@code limit}) until no batch is being handled; false if one still is. */
    boolean awaitIdle(Duration limit) throws InterruptedException {
        if (!inFlight.tryLock(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        inFlight.unlock();
        return true;
    }

    /** Publishes, marks and stores; returns how many events were published. */
    private int handle(
            List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        metrics.active();
        List<OutboxMessage> messages = records.stream()
                .map(event -> OutboxRecords.toMessage(event.record()))
                .flatMap(Optional::stream)
                .map(this::publishable)
                .flatMap(Optional::stream)
                .toList();
        if (!messages.isEmpty()) {
            fence.beforePublishing(records.size());
            publisher.publishAll(messages);
        }
        List<RecordChangeEvent<SourceRecord>> toStore = new ArrayList<>(records.size());
        for (RecordChangeEvent<SourceRecord> event : records) {
            Object file = event.record().sourceOffset().get("file");
            if (isHeartbeat(event.record()) && Objects.equals(file, lastMarkedFile)) {
                continue;
            }
            toStore.add(event);
            lastMarkedFile = file;
        }
        boolean snapshot =
                toStore.stream().anyMatch(event -> event.record().sourceOffset().containsKey(SNAPSHOT_OFFSET_KEY));
        storeNow = snapshot || previousBatchSnapshot;
        previousBatchSnapshot = snapshot;
        for (RecordChangeEvent<SourceRecord> event : toStore) {
            committer.markProcessed(event);
        }
        // Stores the offsets as the commit policy says, through the FencedOffsetStore, which refuses
        // without the lease.
        committer.markBatchFinished();
        fence.afterStoring();
        return messages.size();
    }

    /**
     * Rows another writer may leave in a table without the api's constraints never stop the stream:
     * no id, aggregatetype or type (no message id to deduplicate by, no routing key) → skipped; no
     * payload or aggregate id → published with an empty one, which consumers park as malformed.
     * Each is logged with a count since start.
     */
    private Optional<OutboxMessage> publishable(OutboxMessage message) {
        if (message.id() == null || message.aggregateType() == null || message.type() == null) {
            log.warn(
                    "an outbox row without id, aggregatetype or type was skipped: {} ({} odd rows since start)",
                    message,
                    ++oddRows);
            return Optional.empty();
        }
        if (message.payload() == null || message.aggregateId() == null) {
            log.warn(
                    "outbox row {} has no {}: published with an empty one ({} odd rows since start)",
                    message.id(),
                    message.payload() == null ? "payload" : "aggregateid",
                    ++oddRows);
            return Optional.of(new OutboxMessage(
                    message.id(),
                    message.aggregateType(),
                    Objects.requireNonNullElse(message.aggregateId(), ""),
                    message.type(),
                    Objects.requireNonNullElse(message.payload(), ""),
                    message.createdAt(),
                    message.traceparent(),
                    message.schemaVersion()));
        }
        return Optional.of(message);
    }

    private static boolean isHeartbeat(SourceRecord record) {
        return record.topic() != null && record.topic().startsWith(HEARTBEAT_TOPIC_PREFIX);
    }
}
