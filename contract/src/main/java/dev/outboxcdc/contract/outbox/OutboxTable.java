package dev.outboxcdc.contract.outbox;

/**
 * The {@code outbox} table, as every module reads or writes it: the api appends to it, the relay
 * reads it from the binlog (or polls it) and deletes what it passed, outboxctl selects from it.
 * The column names are those of Debezium's Outbox Event Router, so that Debezium Server or Kafka
 * Connect can replace the relay by configuration. The table is created by this module's Flyway
 * location ({@link #MIGRATIONS}), which every service that appends to it applies before its own;
 * every statement against it is in {@link OutboxStore}.
 */
public final class OutboxTable {
    public static final String NAME = "outbox";
    /** The Flyway location of the table's DDL, in this module's jar. */
    public static final String MIGRATIONS = "classpath:db/outbox";
    /** The history table {@link #MIGRATIONS} keeps, apart from any service's. */
    public static final String MIGRATION_HISTORY = "outbox_schema_history";
    /** Insertion order: the polling relay's and outboxctl's cursor. */
    public static final String SEQ = "seq";
    /** A UUID: the AMQP {@code message_id}, the consumers' dedup key. */
    public static final String ID = "id";

    public static final String AGGREGATE_TYPE = "aggregatetype";
    public static final String AGGREGATE_ID = "aggregateid";
    public static final String TYPE = "type";
    /** The event as JSON text: consumers get it byte for byte. */
    public static final String PAYLOAD = "payload";
    /** UTC, microseconds; set by the database at insert. */
    public static final String CREATED_AT = "created_at";
    /** The W3C {@code traceparent} of the writing request, or null. */
    public static final String TRACE_CONTEXT = "tracingspancontext";
    /**
     * The version of the type's schema the payload was written in ({@code contracts/<type>/v<N>.json});
     * 1 unless the writer says otherwise.
     */
    public static final String SCHEMA_VERSION = "schemaversion";
    /** Polling relay only: when the broker confirmed the row's message. */
    public static final String PUBLISHED_AT = "published_at";

    private OutboxTable() {}
}
