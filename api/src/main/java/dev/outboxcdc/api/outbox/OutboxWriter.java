package dev.outboxcdc.api.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.contract.schema.EventSchema;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.support.db.DirectWrite;
import dev.outboxcdc.support.tracing.Tracing;
import io.opentelemetry.context.Context;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Appends events to the {@code outbox} table inside the caller's transaction, each in the newest
 * version of its type's schema ({@code contracts/}), that version in {@code schemaversion} and the
 * current trace's W3C {@code traceparent} in {@code tracingspancontext}. An event that does not
 * match its schema is refused ({@link EventSchemaViolationException}), so the caller's transaction
 * writes nothing. It never publishes: the relay does, after the commit, from the binlog. Thread-safe.
 */
public final class OutboxWriter {
    private final EventSchemas schemas;
    private final ObjectMapper json;

    public OutboxWriter(EventSchemas schemas, ObjectMapper json) {
        this.schemas = schemas;
        this.json = json;
    }

    /** On the request path of every change: plain JDBC ({@link DirectWrite}). */
    public void append(Handle handle, OutboxEvent event) {
        EventSchema schema = schemas.latest(event.type());
        JsonNode payload = json.valueToTree(event.payload());
        List<String> violations = schema.violations(payload);
        if (!violations.isEmpty()) {
            throw new EventSchemaViolationException(schema, violations);
        }
        DirectWrite.execute(
                handle,
                OutboxStore.APPEND,
                event.id().toString(),
                event.aggregateType(),
                event.aggregateId(),
                event.type(),
                text(payload),
                Tracing.traceparent(Context.current()).orElse(null),
                schema.version());
    }

    private String text(JsonNode payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + payload, e);
        }
    }
}
