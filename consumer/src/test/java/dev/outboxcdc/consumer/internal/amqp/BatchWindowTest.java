package dev.outboxcdc.consumer.internal.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BatchWindowTest {
    private final MovableClock clock = new MovableClock();
    private final BatchWindow window = new BatchWindow(clock, Duration.ofMillis(2), Duration.ofMillis(10));

    @Test
    void aBatchWaitsAtMostTheWaitForItsNextDelivery() {
        BatchWindow.Open open = window.open();

        assertThat(open.nextWait()).isEqualTo(Duration.ofMillis(2));
    }

    @Test
    void aBatchThatKeepsGrowingClosesWhenItsLingerIsSpent() {
        BatchWindow.Open open = window.open();

        clock.advance(Duration.ofMillis(9));
        assertThat(open.nextWait()).as("1 ms of linger left").isEqualTo(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(open.nextWait()).isZero();
        clock.advance(Duration.ofMillis(5));
        assertThat(open.nextWait()).as("past the linger").isZero();
    }

    @Test
    void eachBatchHasALingerOfItsOwnFromItsFirstDelivery() {
        BatchWindow.Open first = window.open();
        clock.advance(Duration.ofMillis(10));
        BatchWindow.Open second = window.open();

        assertThat(first.nextWait()).isZero();
        assertThat(second.nextWait()).isEqualTo(Duration.ofMillis(2));
    }

    @Test
    void noWaitMeansEveryBatchIsWhatIsBufferedAlready() {
        BatchWindow noWait = new BatchWindow(clock, Duration.ZERO, Duration.ofMillis(10));

        assertThat(noWait.open().nextWait()).isZero();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-08T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
