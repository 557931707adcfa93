package dev.outboxcdc.support.retry;

import java.time.Duration;

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
