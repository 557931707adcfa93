package dev.outboxcdc.support.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
