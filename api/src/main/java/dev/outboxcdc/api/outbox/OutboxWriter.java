package dev.outboxcdc.api.outbox;

import dev.outboxcdc.support.tracing.Tracing;
import io.opentelemetry.context.Context;
import org.jdbi.v3.core.Handle;

/**
 * Appends events to the {@code outbox} table inside the caller's transaction, with the current
 * trace's W3C {@code traceparent} in {@code tracingspancontext}. It never publishes: the relay
 * does, after the commit, from the binlog. Stateless and thread-safe.
 */
public final class OutboxWriter {

    public void append(Handle handle, OutboxEvent event) {
        handle.createUpdate("""
                        INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tracingspancontext)
                        VALUES (:id, :aggregateType, :aggregateId, :type, :payload, :traceparent)""")
                .bind("id", event.id().toString())
                .bind("aggregateType", event.aggregateType())
                .bind("aggregateId", event.aggregateId())
                .bind("type", event.type())
                .bind("payload", event.payload())
                .bind("traceparent", Tracing.traceparent(Context.current()).orElse(null))
                .execute();
    }
}
