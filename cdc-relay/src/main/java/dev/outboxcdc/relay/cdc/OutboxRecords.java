package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.contract.outbox.OutboxTable;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads an outbox message out of a Debezium change record. Only inserts ({@code c}) and snapshot
 * reads ({@code r}) are events; updates and deletes of outbox rows are housekeeping (the polling
 * relay's mark, a retention job) and are skipped, as Debezium's Outbox Event Router does.
 */
final class OutboxRecords {
    private OutboxRecords() {}

    static Optional<OutboxMessage> toMessage(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("op") == null) {
            return Optional.empty();
        }
        String op = envelope.getString("op");
        if (!"c".equals(op) && !"r".equals(op)) {
            return Optional.empty();
        }
        Struct row = envelope.getStruct("after");
        return Optional.of(new OutboxMessage(
                row.getString(OutboxTable.ID),
                row.getString(OutboxTable.AGGREGATE_TYPE),
                row.getString(OutboxTable.AGGREGATE_ID),
                row.getString(OutboxTable.TYPE),
                row.getString(OutboxTable.PAYLOAD),
                createdAt(row.get(OutboxTable.CREATED_AT)),
                row.schema().field(OutboxTable.TRACE_CONTEXT) == null ? null : row.getString(OutboxTable.TRACE_CONTEXT),
                schemaVersion(row)));
    }

    /** A row of a table without the column (an older schema, another writer) is version 1. */
    private static int schemaVersion(Struct row) {
        return row.schema().field(OutboxTable.SCHEMA_VERSION) != null
                        && row.get(OutboxTable.SCHEMA_VERSION) instanceof Number version
                ? version.intValue()
                : 1;
    }

    /** TIMESTAMP columns arrive as ISO-8601 strings ({@code io.debezium.time.ZonedTimestamp}). */
    private static Instant createdAt(Object value) {
        return value instanceof String iso ? Instant.parse(iso) : Instant.now();
    }
}
