package dev.outboxcdc.consumer.internal.amqp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a batch stops growing: it waits up to {@code wait} for each next delivery, and at most
 * {@code linger} in all from its first one. A lone event waits one {@code wait}; a stream of them
 * shares one commit per {@code linger}. On a {@link Clock}, so that the rule is tested without waiting.
 */
final class BatchWindow {
    private final Clock clock;
    private final Duration wait;
    private final Duration linger;

    BatchWindow(Clock clock, Duration wait, Duration linger) {
        this.clock = clock;
        this.wait = wait;
        this.linger = linger;
    }

    /** A batch's window, opened at its first delivery. */
    Open open() {
        return new Open(clock.instant().plus(linger));
    }

    final class Open {
        private final Instant deadline;

        private Open(Instant deadline) {
            this.deadline = deadline;
        }

        /** How long to wait for the next delivery now; zero when the batch must close. */
        Duration nextWait() {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative()) {
                return Duration.ZERO;
            }
            return left.compareTo(wait) < 0 ? left : wait;
        }
    }
}
