package dev.outboxcdc.support.retry;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Exponential backoff with a cap: 100 ms, 200 ms, ... up to {@code max}. Immutable; callers keep
 * the attempt count.
 */
public record Backoff(Duration initial, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    public Duration delay(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        long millis = Math.min(initial.toMillis() * factor, max.toMillis());
        return Duration.ofMillis(millis);
    }

    /** How often {@link #pause(int, BooleanSupplier)} asks whether to stop waiting. */
    private static final Duration STOP_CHECK = Duration.ofMillis(100);

    /**
     * Sleeps for the attempt's delay, or until {@code stopping} is true (asked every 100 ms): a
     * service that stops does not wait out a long pause. Returns false if it stopped waiting for
     * that, or was interrupted (the flag is restored).
     */
    public boolean pause(int attempt, BooleanSupplier stopping) {
        long deadline = System.nanoTime() + delay(attempt).toNanos();
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(STOP_CHECK.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stopping.getAsBoolean();
    }

    /** Sleeps for the attempt's delay; returns false if interrupted (the flag is restored). */
    public boolean pause(int attempt) {
        try {
            Thread.sleep(delay(attempt).toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
