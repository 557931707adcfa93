package dev.outboxcdc.relay;

import dev.outboxcdc.support.metrics.Readiness;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A running relay: publishes outbox rows until closed or until it fails. */
public interface Relay extends AutoCloseable {

    /** Completes normally after {@link #close()}, exceptionally if the relay failed on its own. */
    CompletableFuture<Void> ended();

    /**
     * Every outbox row created before this instant has been published and confirmed (what the
     * outbox retention may delete); empty while the relay cannot tell yet.
     */
    Optional<Instant> publishedBefore();

    /** What {@code /health/ready} says: streaming (or polling) with its lease, or why not. */
    Readiness readiness();

    /**
     * How long a stop lets the batch being published finish: its confirms normally arrive within
     * milliseconds, and a batch abandoned while they are on their way is published again by the
     * next start. A batch still unconfirmed by then is abandoned.
     */
    Duration BATCH_DRAIN_LIMIT = Duration.ofSeconds(2);

    /**
     * Stops taking rows; lets the batch being published finish (at most {@link #BATCH_DRAIN_LIMIT}),
     * else abandons it without marking it; commits what was confirmed.
     */
    @Override
    void close();
}
