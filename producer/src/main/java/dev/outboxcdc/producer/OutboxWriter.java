package dev.outboxcdc.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.contract.schema.EventSchema;
import dev.outboxcdc.contract.schema.EventSchemas;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jspecify.annotations.Nullable;

/**
 * Appends events to the outbox table inside the caller's transaction: the event in the newest
 * version of its type's schema ({@code contracts/<type>/v<N>.json}), that version in {@code
 * schemaversion}, and the current span's W3C {@code traceparent} (OpenTelemetry) in {@code
 * tracingspancontext}, so that the consumers' spans continue the writer's trace. It never publishes:
 * the relay does, after the commit. An event that does not match its schema is refused before
 * anything is written ({@link EventSchemaViolationException}). Thread-safe; one per service.
 *
 * <pre>{@code
 * OutboxWriter outbox = OutboxWriter.create(new ObjectMapper());
 * try (Connection connection = dataSource.getConnection()) {
 *     connection.setAutoCommit(false);
 *     // ... the change itself, on the same connection ...
 *     outbox.append(connection, OutboxEvent.of("customer", id, "CustomerCreated", payload));
 *     connection.commit();
 * }
 * }</pre>
 */
public final class OutboxWriter {
    private static final String TRACEPARENT = "traceparent";

    private final EventSchemas schemas;
    private final ObjectMapper json;

    private OutboxWriter(EventSchemas schemas, ObjectMapper json) {
        this.schemas = schemas;
        this.json = json;
    }

    /** A writer checking events against every schema of the contract on the class path. */
    public static OutboxWriter create(ObjectMapper json) {
        return create(EventSchemas.load(), json);
    }

    /** A writer checking events against {@code schemas}; {@code json} serialises the payloads. */
    public static OutboxWriter create(EventSchemas schemas, ObjectMapper json) {
        return new OutboxWriter(schemas, json);
    }

    /**
     * Writes {@code event} with {@code connection}, in its current transaction (the caller commits
     * or rolls back).
     *
     * @throws EventSchemaViolationException if the event does not match its schema: nothing written
     * @throws SQLException as the driver threw it (a duplicate id, a lost connection, ...)
     */
    public void append(Connection connection, OutboxEvent event) throws SQLException {
        Row row = row(event);
        try (PreparedStatement insert = connection.prepareStatement(OutboxStore.APPEND)) {
            insert.setString(1, event.id().toString());
            insert.setString(2, event.aggregateType());
            insert.setString(3, event.aggregateId());
            insert.setString(4, event.type());
            insert.setString(5, row.payload());
            String traceparent = row.traceparent();
            if (traceparent == null) {
                insert.setNull(6, Types.VARCHAR);
            } else {
                insert.setString(6, traceparent);
            }
            insert.setInt(7, row.schemaVersion());
            insert.executeUpdate();
        }
    }

    /**
     * Writes {@code event} in {@code handle}'s transaction. A failure of the database is thrown as
     * Jdbi throws its own ({@link UnableToExecuteStatementException}, the driver's exception as its
     * cause) and reported to the handle's {@link org.jdbi.v3.core.statement.SqlLogger} as Jdbi
     * reports its own statements, so a caller handles both alike.
     *
     * @throws EventSchemaViolationException if the event does not match its schema: nothing written
     */
    public void append(Handle handle, OutboxEvent event) {
        try {
            append(handle.getConnection(), event);
        } catch (SQLException e) {
            handle.getConfig(SqlStatements.class).getSqlLogger().logException(null, e);
            throw new UnableToExecuteStatementException(
                    e.getMessage() + " [statement: \"" + OutboxStore.APPEND + "\"]", e, null);
        }
    }

    private record Row(String payload, @Nullable String traceparent, int schemaVersion) {}

    private Row row(OutboxEvent event) {
        if (!schemas.types().contains(event.type())) {
            throw new EventSchemaViolationException(
                    "no schema for event type " + event.type() + " (contracts/<type>/v<N>.json): not written",
                    List.of());
        }
        EventSchema schema = schemas.latest(event.type());
        if (!schema.aggregateType().isEmpty() && !schema.aggregateType().equals(event.aggregateType())) {
            throw new EventSchemaViolationException(
                    "the " + schema.name() + " event is of aggregate type " + schema.aggregateType() + ", not "
                            + event.aggregateType() + ": not written",
                    List.of());
        }
        JsonNode payload = json.valueToTree(event.payload());
        List<String> violations = schema.violations(payload);
        if (!violations.isEmpty()) {
            throw new EventSchemaViolationException(
                    "the " + schema.name() + " event does not match its schema " + schema.id() + ": "
                            + String.join("; ", violations),
                    violations);
        }
        return new Row(text(payload), currentTraceparent(), schema.version());
    }

    private static @Nullable String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    private String text(JsonNode payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + payload, e);
        }
    }
}
