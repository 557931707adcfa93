package dev.outboxcdc.relay.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineShutdownTest {
    private final CompletableFuture<Void> run = new CompletableFuture<>();

    @Test
    void anEngineThatAcceptsTheCloseIsClosedOnce() throws Exception {
        AtomicInteger closes = new AtomicInteger();

        boolean closed = EngineShutdown.close(closes::incrementAndGet, run, Duration.ofSeconds(5));

        assertThat(closed).isTrue();
        assertThat(closes).hasValue(1);
    }

    @Test
    void anEngineAlreadyStoppingOnItsOwnIsLeftToEndAndThatCountsAsClosed() throws Exception {
        Closeable stopping = () -> {
            run.complete(null);
            throw new IllegalStateException("Engine is already being shutting down.");
        };

        assertThat(EngineShutdown.close(stopping, run, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void anEngineThatFailedOnItsOwnCountsAsClosed() throws Exception {
        run.completeExceptionally(new IllegalStateException("relay stopping with 2 unconfirmed messages"));

        boolean closed = EngineShutdown.close(
                () -> {
                    throw new IllegalStateException("Engine has been already shut down.");
                },
                run,
                Duration.ofSeconds(5));

        assertThat(closed).isTrue();
    }

    @Test
    void anEngineWhoseTasksAreStartingIsClosedOnceItAcceptsTheClose() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Closeable starting = () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("Cannot stop engine while tasks are starting");
            }
        };

        boolean closed = EngineShutdown.close(starting, run, Duration.ofSeconds(5));

        assertThat(closed).isTrue();
        assertThat(attempts).hasValue(3);
    }

    @Test
    void anEngineThatKeepsRefusingIsGivenUpOnAfterTheLimit() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Closeable stuck = () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("Cannot stop engine while tasks are starting");
        };

        boolean closed = EngineShutdown.close(stuck, run, EngineShutdown.RETRY_EVERY.multipliedBy(3));

        assertThat(closed).isFalse();
        assertThat(attempts).hasValueGreaterThan(1);
    }
}
