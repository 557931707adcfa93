package dev.outboxcdc.worker.handler;

import dev.outboxcdc.consumer.EventHandler;
import java.util.Set;

/**
 * A handler of the worker: one event type, the schema versions it reads, and how it handles them
 * ({@link EventHandler}). The worker registers it for each of its versions. Implementations are
 * thread-safe.
 */
public interface MessageHandler extends EventHandler {
    String type();

    /**
     * The versions of the type's schema ({@code contracts/<type>/v<N>.json}) this handler reads; a
     * delivery in another version is parked with the reason, for a worker that reads it.
     */
    default Set<Integer> versions() {
        return Set.of(1);
    }
}
