package dev.outboxcdc.api.outbox;

import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.support.db.DirectWrite;
import dev.outboxcdc.support.tracing.Tracing;
import io.opentelemetry.context.Context;
import org.jdbi.v3.core.Handle;

/**
 * Appends events to the {@code outbox} table inside the caller's transaction, with the current
 * trace's W3C {@code traceparent} in {@code tracingspancontext}. It never publishes: the relay
 * does, after the commit, from the binlog. Stateless and thread-safe.
 */
public final class OutboxWriter {

    /** On the request path of every change: plain JDBC ({@link DirectWrite}). */
    public void append(Handle handle, OutboxEvent event) {
        DirectWrite.execute(
                handle,
                OutboxStore.APPEND,
                event.id().toString(),
                event.aggregateType(),
                event.aggregateId(),
                event.type(),
                event.payload(),
                Tracing.traceparent(Context.current()).orElse(null));
    }
}
