package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import org.jdbi.v3.core.Handle;

/**
 * Handles one event type. Its database effects go through {@code handle}, inside the transaction
 * that also records the message id, so they commit exactly once. Implementations are thread-safe.
 */
public interface MessageHandler {
    String type();

    void handle(Handle handle, String messageId, JsonNode payload, String rawPayload);
}
