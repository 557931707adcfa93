package dev.outboxcdc.support.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void theDelayDoublesFromTheFirstAttempt() {
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void theDelayStopsGrowingAtItsMaximum() {
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAttemptBelowOneWaitsTheFirstDelay() {
        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void anInterruptedPauseSaysSoAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThat(backoff.pause(1)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aPauseForAStoppingCallerEndsAtOnce() {
        Backoff hours = new Backoff(Duration.ofHours(1), Duration.ofHours(1));

        assertThat(hours.pause(1, () -> true)).isFalse();
    }

    @Test
    void aPauseEndsSoonAfterTheCallerStartsStoppingInsteadOfWaitingItsDelay() throws Exception {
        Backoff hours = new Backoff(Duration.ofHours(1), Duration.ofHours(1));
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper = new Thread(() -> stopping.set(true));
        long started = System.nanoTime();

        stopper.start();
        boolean waitedItOut = hours.pause(1, stopping::get);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("a pause of 1 h ended %d ms after the stop began%n", took.toMillis());
        assertThat(waitedItOut).isFalse();
        assertThat(took).as("a generous bound, far below the hour").isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aPauseNobodyStopsLastsItsDelay() {
        Backoff brief = new Backoff(Duration.ofMillis(50), Duration.ofMillis(50));
        long started = System.nanoTime();

        assertThat(brief.pause(1, () -> false)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }
}
