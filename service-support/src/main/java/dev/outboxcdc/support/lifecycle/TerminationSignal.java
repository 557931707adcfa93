package dev.outboxcdc.support.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Turns SIGTERM, SIGINT and SIGHUP (the terminal that ran the service was closed) into a latch the
 * main thread waits on. Handling the signals ourselves,
 * instead of in a JVM shutdown hook, lets the main thread stop every component in order and then
 * exit with status 0 (a JVM ended by the signal exits 143/130) — and lets it exit non-zero when a
 * component fails on its own. Thread-safe.
 */
public final class TerminationSignal {
    private final CountDownLatch received = new CountDownLatch(1);

    public static TerminationSignal install() {
        TerminationSignal signal = new TerminationSignal();
        Signal.handle(new Signal("TERM"), ignored -> signal.trigger());
        Signal.handle(new Signal("INT"), ignored -> signal.trigger());
        Signal.handle(new Signal("HUP"), ignored -> signal.trigger());
        return signal;
    }

    /** Also called by a component that failed, to end the wait early. */
    public void trigger() {
        received.countDown();
    }

    public void await() throws InterruptedException {
        received.await();
    }

    public boolean await(Duration timeout) throws InterruptedException {
        return received.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
