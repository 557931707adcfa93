package dev.outboxcdc.ctl;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a long action: asks it to stop between two messages, and holds
 * the JVM's exit (at most {@value #WAIT_SECONDS} s) until it has, so that no message is left moved
 * but not acknowledged, and its audit entry is written.
 */
public final class StopRequest implements AutoCloseable {
    private static final int WAIT_SECONDS = 30;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private StopRequest() {
        this.hook = new Thread(
                () -> {
                    requested.set(true);
                    try {
                        finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "outboxctl-stop");
    }

    /** Listens for the signals until {@link #close}. */
    public static StopRequest onSignal() {
        StopRequest request = new StopRequest();
        Runtime.getRuntime().addShutdownHook(request.hook);
        return request;
    }

    public boolean requested() {
        return requested.get();
    }

    /** The action has ended: a signal from now on ends the JVM at once. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs already, and returns now that the action has finished
        }
    }
}
