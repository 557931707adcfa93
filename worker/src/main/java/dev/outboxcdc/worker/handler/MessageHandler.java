package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outboxcdc.worker.tracing.EventTrace;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Handles one event type. Its database effects go through {@code handle}, inside the transaction
 * that also records the message id, so they commit exactly once. Implementations are thread-safe.
 */
public interface MessageHandler {
    String type();

    /**
     * The versions of the type's schema ({@code contracts/<type>/v<N>.json}) this handler reads; a
     * delivery in another version is parked with the reason, for a worker that reads it.
     */
    default Set<Integer> versions() {
        return Set.of(1);
    }

    void handle(Handle handle, String messageId, JsonNode payload, String rawPayload);

    /**
     * Several events of this type in one transaction, in delivery order. Override it to write them
     * with fewer statements (a multi-row insert is one round trip instead of one per event).
     *
     * @return the events that must wait for a predecessor ({@link PredecessorMissingException}),
     *         having written nothing: the caller holds them, and the others commit without them
     */
    default List<Waiting> handleAll(Handle handle, List<Event> events) {
        for (Event event : events) {
            handle(handle, event.messageId(), event.payload(), event.rawPayload());
        }
        return List.of();
    }

    /** An event of a batch that waits for its predecessor, and why. */
    record Waiting(String messageId, String reason) {}

    /**
     * One delivered event of the handler's type, its payload already parsed. A handler of several
     * events logs each inside {@link #traced()}, so the line carries that event's trace id.
     */
    record Event(String messageId, JsonNode payload, String rawPayload, EventTrace trace) {
        public Scope traced() {
            return trace.activate();
        }
    }
}
