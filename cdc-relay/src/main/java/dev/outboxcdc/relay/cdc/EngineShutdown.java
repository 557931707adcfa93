package dev.outboxcdc.relay.cdc;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Closes a Debezium engine whatever state it is in. {@code AsyncEmbeddedEngine.close()} refuses
 * with an {@link IllegalStateException} while its tasks start, and once it already stops or has
 * stopped — as when its consumer threw because the relay is stopping, just before the relay closed
 * it. A refused close is tried again until the engine's run has ended or the close is accepted.
 */
final class EngineShutdown {
    static final Duration RETRY_EVERY = Duration.ofMillis(100);

    private EngineShutdown() {}

    /**
     * Returns true once the engine accepted the close or its run ended; false if it refused for
     * longer than {@code limit} (the caller's own stop deadline then decides).
     */
    static boolean close(Closeable engine, Future<?> run, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                engine.close();
                return true;
            } catch (IllegalStateException refused) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return run.isDone();
                }
                try {
                    run.get(Math.min(left, RETRY_EVERY.toNanos()), TimeUnit.NANOSECONDS);
                    return true;
                } catch (ExecutionException ended) {
                    return true;
                } catch (TimeoutException stillRunning) {
                    // tried again below
                }
            }
        }
    }
}
