package dev.outboxcdc.relay.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.relay.metrics.RelayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaseFenceTest {
    private final AtomicBoolean held = new AtomicBoolean(true);
    private final AtomicInteger checks = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Instant now = Instant.parse("2026-12-02T12:00:00Z");
    private final LeaseFence fence = new LeaseFence(
            () -> {
                checks.incrementAndGet();
                return held.get();
            },
            new RelayMetrics(registry, Clock.systemUTC()),
            new Clock() {
                @Override
                public Instant instant() {
                    return now;
                }

                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            });

    @Test
    void publishingAsksTheDatabaseAtMostOncePerInterval() {
        for (int batch = 0; batch < 50; batch++) {
            fence.beforePublishing(3);
            now = now.plusMillis(5);
        }

        assertThat(checks).as("50 batches within 250 ms").hasValue(1);
        now = now.plus(LeaseFence.PUBLISH_CHECK_INTERVAL);
        fence.beforePublishing(3);
        assertThat(checks).hasValue(2);
    }

    @Test
    void aLostLeaseStopsPublishingWithinOneInterval() {
        fence.beforePublishing(1);
        held.set(false);

        now = now.plus(LeaseFence.PUBLISH_CHECK_INTERVAL.minus(Duration.ofMillis(1)));
        fence.beforePublishing(1);
        now = now.plusMillis(1);
        assertThatThrownBy(() -> fence.beforePublishing(7))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("stopping before publishing 7 records");
    }

    @Test
    void everyOffsetStoreAsksTheDatabaseAndARefusalStopsTheNextBatchAtOnce() {
        assertThat(fence.leaseHeld()).isTrue();
        assertThat(fence.leaseHeld()).isTrue();
        assertThat(checks).hasValue(2);

        held.set(false);
        assertThat(fence.leaseHeld()).isFalse();
        fence.refused();

        assertThatThrownBy(fence::afterStoring)
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("not stored");
        assertThatThrownBy(() -> fence.beforePublishing(1)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aLeaseFoundLostIsNotAskedForAgain() {
        held.set(false);
        assertThat(fence.leaseHeld()).isFalse();

        held.set(true);
        assertThat(fence.leaseHeld())
                .as("a session that stopped answering does not come back")
                .isFalse();
        assertThat(fence.heldAfterIdle(Duration.ofSeconds(1))).isFalse();
        assertThatThrownBy(() -> fence.beforePublishing(1)).isInstanceOf(LeaseLostException.class);
        assertThat(checks).hasValue(1);
    }

    @Test
    void theWatchAsksOnlyWhenNoBatchAskedWithinItsInterval() {
        fence.beforePublishing(1);
        now = now.plusMillis(999);
        assertThat(fence.heldAfterIdle(Duration.ofSeconds(1))).isTrue();
        assertThat(checks).as("a batch asked 999 ms ago").hasValue(1);

        now = now.plusMillis(1);
        held.set(false);
        assertThat(fence.heldAfterIdle(Duration.ofSeconds(1))).isFalse();
        assertThat(checks).hasValue(2);
        assertThatThrownBy(() -> fence.beforePublishing(1)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void onlyStoresThatHappenedAreCounted() {
        fence.stored();
        fence.stored();

        assertThat(registry.get("outbox.relay.offset.commits").counter().count())
                .isEqualTo(2);
    }
}
