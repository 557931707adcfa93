package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.RelayMetrics;
import dev.outboxcdc.relay.publish.OutboxMessage;
import dev.outboxcdc.relay.publish.RetryingPublisher;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.source.SourceRecord;
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
 */
final class OutboxChangeConsumer implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
    private static final Logger log = LoggerFactory.getLogger(OutboxChangeConsumer.class);
    private static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";

    private final RetryingPublisher publisher;
    private final RelayMetrics metrics;
    private final BooleanSupplier leaseHeld;
    private final ReentrantLock inFlight = new ReentrantLock();
    private Object lastMarkedFile;
    private long oddRows;

    /** @param leaseHeld asked before each batch's offset is stored: false stops the engine (fencing) */
    OutboxChangeConsumer(RetryingPublisher publisher, RelayMetrics metrics, BooleanSupplier leaseHeld) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.leaseHeld = leaseHeld;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        inFlight.lockInterruptibly();
        try {
            handle(records, committer);
        } finally {
            inFlight.unlock();
        }
    }

    /** Waits (at most {@code limit}) until no batch is being handled; false if one still is. */
    boolean awaitIdle(Duration limit) throws InterruptedException {
        if (!inFlight.tryLock(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        inFlight.unlock();
        return true;
    }

    private void handle(List<RecordChangeEvent<SourceRecord>> records,
                        DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        metrics.active();
        List<OutboxMessage> messages = records.stream()
                .map(event -> OutboxRecords.toMessage(event.record()))
                .flatMap(Optional::stream)
                .map(this::publishable)
                .flatMap(Optional::stream)
                .toList();
        if (!messages.isEmpty()) {
            fence(records.size());
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
        if (!toStore.isEmpty()) {
            fence(records.size());
        }
        for (RecordChangeEvent<SourceRecord> event : toStore) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        if (!toStore.isEmpty()) {
            metrics.offsetCommitted();
        }
    }

    /**
     * Fencing, before publishing and again before storing offsets (publishing can take long): a
     * relay whose lease session died (the server released the lock; a standby may hold it now) must
     * neither publish nor store offsets for this name any more. It stops here, and its next start
     * waits for the lease; the new holder goes on from the last offset stored.
     */
    private void fence(int records) {
        if (!leaseHeld.getAsBoolean()) {
            throw new LeaseLostException("the relay lease was lost (its database session ended): stopping before"
                    + " publishing or storing the offsets of " + records + " records; the relay holding the lease goes on");
        }
    }

    /**
     * Rows another writer may leave in a table without the api's constraints never stop the stream:
     * no id, aggregatetype or type (no message id to deduplicate by, no routing key) → skipped; no
     * payload or aggregate id → published with an empty one, which consumers set aside as malformed.
     * Each is logged with a count since start.
     */
    private Optional<OutboxMessage> publishable(OutboxMessage message) {
        if (message.id() == null || message.aggregateType() == null || message.type() == null) {
            log.warn("an outbox row without id, aggregatetype or type was skipped: {} ({} odd rows since start)", message, ++oddRows);
            return Optional.empty();
        }
        if (message.payload() == null || message.aggregateId() == null) {
            log.warn("outbox row {} has no {}: published with an empty one ({} odd rows since start)", message.id(),
                    message.payload() == null ? "payload" : "aggregateid", ++oddRows);
            return Optional.of(new OutboxMessage(message.id(), message.aggregateType(),
                    Objects.requireNonNullElse(message.aggregateId(), ""), message.type(),
                    Objects.requireNonNullElse(message.payload(), ""), message.createdAt(), message.traceparent()));
        }
        return Optional.of(message);
    }

    private static boolean isHeartbeat(SourceRecord record) {
        return record.topic() != null && record.topic().startsWith(HEARTBEAT_TOPIC_PREFIX);
    }
}
