package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.metrics.RelayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Fencing of one engine run: the relay's lease, asked before every offset store (by the
 * {@link FencedOffsetStore}), before publishing at most every {@link #PUBLISH_CHECK_INTERVAL}, and
 * by the {@link LeaseWatch} while neither asks (a relay stuck on a batch still learns it lost the
 * lease). Once found lost, it stays lost for the run without asking again: the session that held it
 * is gone or does not answer, and each question to it would wait out its network timeout.
 *
 * <p>The window this leaves: a relay whose lease session died may go on publishing for up to
 * {@code PUBLISH_CHECK_INTERVAL} plus the batch it is publishing, while a standby that took the
 * lease over waits {@link LeaseKeeper#FENCE_DELAY} (longer) before it streams. What it publishes
 * then is published again by the new holder (its offsets were never stored) and the consumers'
 * dedup absorbs the copies; it never stores an offset without the lease. Checking before every
 * batch instead costs the database a query per batch, several per event at low rates.
 * Thread-safe: the lease's session is used by one caller at a time.
 */
final class LeaseFence implements FencedOffsetStore.Fence {
    static final Duration PUBLISH_CHECK_INTERVAL = Duration.ofMillis(500);

    private final BooleanSupplier lease;
    private final RelayMetrics metrics;
    private final Clock clock;
    private Instant checkedAt = Instant.MIN;
    /** A lease once found lost stays lost for this run: its session is gone, or no longer answers. */
    private boolean lost;

    private volatile boolean refusedByStore;

    LeaseFence(BooleanSupplier lease, RelayMetrics metrics, Clock clock) {
        this.lease = lease;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public synchronized boolean leaseHeld() {
        if (lost) {
            return false;
        }
        boolean held = lease.getAsBoolean();
        if (held) {
            checkedAt = clock.instant();
        } else {
            lost = true;
        }
        return held;
    }

    /**
     * For the {@link LeaseWatch}: asks the database only if nobody has for {@code idle} (a busy relay
     * asks before its batches anyway); false once the lease is lost.
     */
    synchronized boolean heldAfterIdle(Duration idle) {
        if (lost) {
            return false;
        }
        return checkedAt.plus(idle).isAfter(clock.instant()) || leaseHeld();
    }

    /** Throws {@link LeaseLostException} if the lease is gone; asks the database only when the last check is old. */
    synchronized void beforePublishing(int records) {
        if (refusedByStore || (!checkedAt.plus(PUBLISH_CHECK_INTERVAL).isAfter(clock.instant()) && !leaseHeld())) {
            throw new LeaseLostException("the relay lease was lost (its database session ended): stopping before"
                    + " publishing " + records + " records; the relay holding the lease goes on");
        }
    }

    /** Throws {@link LeaseLostException} if the offset store refused a write for want of the lease. */
    void afterStoring() {
        if (refusedByStore) {
            throw new LeaseLostException("the relay lease was lost (its database session ended): its offsets were not"
                    + " stored; the relay holding the lease goes on");
        }
    }

    @Override
    public void stored() {
        metrics.offsetCommitted();
    }

    @Override
    public void refused() {
        refusedByStore = true;
    }
}
