package dev.outboxcdc.contract.outbox;

import dev.outboxcdc.contract.events.EventRouting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * An outbox row on its way to the broker. {@code id} becomes the AMQP {@code message_id};
 * {@code traceparent} (the row's {@code tracingspancontext}, null if none) its {@code traceparent} header;
 * {@code schemaVersion} names the payload's schema ({@code cloudEvents:dataschema}).
 */
public record OutboxMessage(
        String id,
        String aggregateType,
        String aggregateId,
        String type,
        String payload,
        Instant createdAt,
        @Nullable String traceparent,
        int schemaVersion) {

    /** A row selected by {@link OutboxStore}; {@code created_at} is UTC. */
    public static OutboxMessage of(ResultSet row) throws SQLException {
        return new OutboxMessage(
                row.getString(OutboxTable.ID),
                row.getString(OutboxTable.AGGREGATE_TYPE),
                row.getString(OutboxTable.AGGREGATE_ID),
                row.getString(OutboxTable.TYPE),
                row.getString(OutboxTable.PAYLOAD),
                row.getObject(OutboxTable.CREATED_AT, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                row.getString(OutboxTable.TRACE_CONTEXT),
                row.getInt(OutboxTable.SCHEMA_VERSION));
    }

    /** {@code <aggregatetype>.<type>}, e.g. {@code customer.CustomerCreated} ({@link EventRouting}). */
    public String routingKey() {
        return EventRouting.routingKey(aggregateType, type);
    }
}
