package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.publish.OutboxMessage;
import dev.outboxcdc.relay.publish.RetryingPublisher;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Receives the engine's batches in binlog (commit) order, publishes the outbox inserts and only
 * after every one is confirmed marks the records processed, so the stored offset never passes an
 * unconfirmed event. Called by the engine's single consumer thread.
 */
final class OutboxChangeConsumer implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
    private final RetryingPublisher publisher;

    OutboxChangeConsumer(RetryingPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<OutboxMessage> messages = records.stream()
                .map(event -> OutboxRecords.toMessage(event.record()))
                .flatMap(Optional::stream)
                .toList();
        if (!messages.isEmpty()) {
            publisher.publishAll(messages);
        }
        for (RecordChangeEvent<SourceRecord> event : records) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }
}
