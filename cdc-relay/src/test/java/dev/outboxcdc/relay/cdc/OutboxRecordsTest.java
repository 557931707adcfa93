package dev.outboxcdc.relay.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.contract.outbox.OutboxTable;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** How a Debezium change record of the outbox table becomes a message: the shape the MariaDB and MySQL connectors emit. */
class OutboxRecordsTest {
    private static final Schema ROW = row(true);
    /** The row of a table of an earlier version, without {@code schemaversion}. */
    private static final Schema ROW_BEFORE_SCHEMA_VERSIONS = row(false);

    private static final Map<String, Object> VALUES = Map.of(
            OutboxTable.SEQ, 7L,
            OutboxTable.ID, "e-1",
            OutboxTable.AGGREGATE_TYPE, "customer",
            OutboxTable.AGGREGATE_ID, "c-1",
            OutboxTable.TYPE, "CustomerCreated",
            OutboxTable.PAYLOAD, "{\"id\":\"c-1\"}",
            OutboxTable.CREATED_AT, "2026-12-02T10:00:00.123456Z",
            OutboxTable.TRACE_CONTEXT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            OutboxTable.SCHEMA_VERSION, (short) 2);

    @Test
    void anInsertIsAMessageWithEveryColumn() {
        Optional<OutboxMessage> message = OutboxRecords.toMessage(change("c"));

        assertThat(message)
                .contains(new OutboxMessage(
                        "e-1",
                        "customer",
                        "c-1",
                        "CustomerCreated",
                        "{\"id\":\"c-1\"}",
                        Instant.parse("2026-12-02T10:00:00.123456Z"),
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                        2));
    }

    @Test
    void aRowOfATableWithoutTheSchemaVersionColumnIsVersionOne() {
        assertThat(OutboxRecords.toMessage(change("c", ROW_BEFORE_SCHEMA_VERSIONS)))
                .hasValueSatisfying(
                        message -> assertThat(message.schemaVersion()).isEqualTo(1));
    }

    @Test
    void aSnapshotReadIsAMessageToo() {
        assertThat(OutboxRecords.toMessage(change("r"))).isPresent();
    }

    @Test
    void updatesAndDeletesOfOutboxRowsAreHousekeepingNotEvents() {
        assertThat(OutboxRecords.toMessage(change("u"))).isEmpty();
        assertThat(OutboxRecords.toMessage(change("d"))).isEmpty();
    }

    @Test
    void aRecordThatIsNoChangeEnvelopeIsSkipped() {
        SourceRecord heartbeat =
                new SourceRecord(null, null, "__debezium-heartbeat", null, Schema.STRING_SCHEMA, "beat");

        assertThat(OutboxRecords.toMessage(heartbeat)).isEmpty();
    }

    private static SourceRecord change(String op) {
        return change(op, ROW);
    }

    private static SourceRecord change(String op, Schema rowSchema) {
        Schema envelope = SchemaBuilder.struct()
                .field("op", Schema.STRING_SCHEMA)
                .field("after", rowSchema)
                .build();
        Struct row = new Struct(rowSchema);
        rowSchema.fields().forEach(field -> row.put(field, VALUES.get(field.name())));
        return new SourceRecord(
                null,
                null,
                "outbox",
                null,
                envelope,
                new Struct(envelope).put("op", op).put("after", row));
    }

    private static Schema row(boolean withSchemaVersion) {
        SchemaBuilder row = SchemaBuilder.struct()
                .field(OutboxTable.SEQ, Schema.INT64_SCHEMA)
                .field(OutboxTable.ID, Schema.STRING_SCHEMA)
                .field(OutboxTable.AGGREGATE_TYPE, Schema.STRING_SCHEMA)
                .field(OutboxTable.AGGREGATE_ID, Schema.STRING_SCHEMA)
                .field(OutboxTable.TYPE, Schema.STRING_SCHEMA)
                .field(OutboxTable.PAYLOAD, Schema.OPTIONAL_STRING_SCHEMA)
                .field(OutboxTable.CREATED_AT, Schema.STRING_SCHEMA)
                .field(OutboxTable.TRACE_CONTEXT, Schema.OPTIONAL_STRING_SCHEMA);
        return withSchemaVersion
                ? row.field(OutboxTable.SCHEMA_VERSION, Schema.INT16_SCHEMA).build()
                : row.build();
    }
}
