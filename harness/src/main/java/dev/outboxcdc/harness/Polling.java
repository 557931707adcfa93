package dev.outboxcdc.harness;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a condition by asking it again and again: what the harness and the measuring tools need
 * of Awaitility, written out so that no test library is on their classpath at run time (the tests
 * themselves use Awaitility).
 */
public final class Polling {
    private Polling() {}

    /**
     * Asks {@code condition} at once and then every {@code interval} until it holds.
     *
     * @throws IllegalStateException naming {@code what} when it does not hold within {@code atMost}
     * @throws RuntimeException what the condition threw, unchanged (or wrapped when checked)
     */
    public static void until(String what, Duration atMost, Duration interval, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(what + ": not within " + atMost);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted while waiting", e);
            }
        }
    }

    private static boolean holds(Callable<Boolean> condition) {
        try {
            return Boolean.TRUE.equals(condition.call());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
