package dev.outboxcdc.relay.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StallWatchTest {
    private final StallWatch watch = new StallWatch(Duration.ofSeconds(60));
    private final Instant start = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void anIdleServerNeverMakesTheReaderStalledHoweverLongNothingComes() {
        watch.stalled("binlog.000007:4711", "binlog.000007:4711", start);

        assertThat(watch.stalled("binlog.000007:4711", "binlog.000007:4711", start.plus(Duration.ofHours(5))))
                .isEmpty();
    }

    @Test
    void aReaderThatStaysPutWhileTheServerWritesIsStalledOnlyAfterTheLimit() {
        watch.stalled("binlog.000007:4711", "binlog.000007:4711", start);

        assertThat(watch.stalled("binlog.000007:4711", "binlog.000007:9000", start.plusSeconds(30)))
                .isEmpty();
        assertThat(watch.stalled("binlog.000007:4711", "binlog.000008:120", start.plusSeconds(61)))
                .hasValueSatisfying(reason ->
                        assertThat(reason).contains("binlog.000007:4711").contains("binlog.000008:120"));
    }

    @Test
    void aReaderThatMovesIsNeverStalledEvenIfItIsBehind() {
        watch.stalled("binlog.000007:100", "binlog.000007:9000", start);
        watch.stalled("binlog.000007:2000", "binlog.000007:9500", start.plusSeconds(50));

        assertThat(watch.stalled("binlog.000007:2000", "binlog.000007:9500", start.plusSeconds(100)))
                .isEmpty();
        assertThat(watch.stalled("binlog.000007:2000", "binlog.000007:9900", start.plusSeconds(111)))
                .isPresent();
    }
}
