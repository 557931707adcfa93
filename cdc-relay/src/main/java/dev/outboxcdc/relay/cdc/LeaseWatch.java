package dev.outboxcdc.relay.cdc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While an engine streams: asks its {@link LeaseFence} every {@link #EVERY} whether the lease is
 * still held, unless a batch asked more recently, and stops the engine once it is not. Without it a
 * relay learns it lost the lease only when it next publishes or stores an offset, which a batch
 * waiting on a silent broker link delays until that link is given up: when a host's links all go
 * half-open at once, the two waits then add up instead of overlapping ({@code make chaos} scenario
 * 18). The relay then takes its lease again (ending its own ghost session) and restarts the engine.
 */
final class LeaseWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseWatch.class);
    static final Duration EVERY = Duration.ofSeconds(1);

    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cdc-lease-watch");
        thread.setDaemon(true);
        return thread;
    });

    private LeaseWatch() {}

    /** Watches {@code fence} until closed; runs {@code stopEngine} once if the lease is lost. */
    static LeaseWatch start(LeaseFence fence, Runnable stopEngine) {
        LeaseWatch leaseWatch = new LeaseWatch();
        ScheduledFuture<?> unused = leaseWatch.watch.scheduleWithFixedDelay(
                () -> leaseWatch.check(fence, stopEngine), EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return leaseWatch;
    }

    private void check(LeaseFence fence, Runnable stopEngine) {
        try {
            if (fence.heldAfterIdle(EVERY)) {
                return;
            }
            log.warn("the relay lease was lost (its database session ended or stopped answering): stopping the"
                    + " engine; it starts again once the relay holds the lease");
            watch.shutdown();
            stopEngine.run();
        } catch (RuntimeException e) {
            log.warn("checking the relay lease failed; the next check tries again: {}", e.toString());
        }
    }

    @Override
    public void close() {
        watch.shutdownNow();
    }
}
