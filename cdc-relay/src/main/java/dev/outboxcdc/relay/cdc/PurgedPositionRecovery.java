package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.relay.retention.RetentionWindows;
import dev.outboxcdc.relay.state.StoredOffsets;
import dev.outboxcdc.support.retention.DedupRetention;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a relay does when the server no longer has its stored binlog position: it deletes the
 * stored offsets and re-publishes the outbox rows the position had not passed, from the position's
 * last published event on, and no further back than the consumers still deduplicate
 * ({@link RetentionWindows#republishFrom}). Once started the re-publication stays due, so that an
 * engine failing during it (its offsets still incomplete) starts the same way again; with complete
 * offsets the engine's {@code when_needed} snapshot streams. Used by the relay's own thread only.
 */
final class PurgedPositionRecovery {
    private static final Logger log = LoggerFactory.getLogger(PurgedPositionRecovery.class);

    private final RetentionWindows retention;
    private final StoredOffsets offsets;
    private final Jdbi jdbi;
    private final Clock clock;
    private boolean due;
    /** From which row creation time the outbox is re-published; empty: every row. */
    private Optional<Instant> from = Optional.empty();

    PurgedPositionRecovery(RetentionWindows retention, StoredOffsets offsets, Jdbi jdbi, Clock clock) {
        this.retention = retention;
        this.offsets = offsets;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The stored position is gone ({@code reason}); {@code passedUpTo}: its last published event's time, if it has one. */
    void reset(String reason, Optional<Instant> passedUpTo) {
        from = retention.republishFrom(passedUpTo, clock.instant());
        due = true;
        if (from.isEmpty()) {
            offsets.reset(reason
                    + "; the stored position has no time: every row still in the outbox table will be re-published");
            return;
        }
        offsets.reset(reason + "; the outbox rows created since " + from.get() + " will be re-published (its last"
                + " published event was at " + passedUpTo.get() + ")");
        if (from.get().isAfter(passedUpTo.get())) {
            long skipped = jdbi.withHandle(handle -> OutboxStore.countCreatedBetween(
                    handle, passedUpTo.get().minus(RetentionWindows.LONGEST_TRANSACTION), from.get()));
            log.warn(
                    "{} outbox rows created in the {} min up to that event are not re-published: they were published"
                            + " with it (unless their transaction ran that long), and the consumers' dedup records of that time"
                            + " have expired ({}={} h), so publishing them again would apply them twice",
                    skipped,
                    RetentionWindows.LONGEST_TRANSACTION.toMinutes(),
                    DedupRetention.VARIABLE,
                    retention.dedup().toHours());
        }
    }

    /** The outbox table must be published again (from {@link #from()}) on the next start. */
    boolean due() {
        return due;
    }

    Optional<Instant> from() {
        return from;
    }
}
