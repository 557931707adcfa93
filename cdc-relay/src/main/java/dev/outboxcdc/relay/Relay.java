package dev.outboxcdc.relay;

import java.util.concurrent.CompletableFuture;

/** A running relay: publishes outbox rows until closed or until it fails. */
public interface Relay extends AutoCloseable {

    /** Completes normally after {@link #close()}, exceptionally if the relay failed on its own. */
    CompletableFuture<Void> ended();

    /** Stops taking rows, abandons an unconfirmed batch without marking it, commits what was confirmed. */
    @Override
    void close();
}
