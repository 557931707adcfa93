package dev.outboxcdc.relay.retention;

import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.relay.RelayFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes outbox rows older than {@code OUTBOX_RETENTION_HOURS}, but never one the relay has not
 * passed yet (its {@code publishedBefore}: CDC, the stored binlog position's time; polling, the
 * oldest unpublished row), in small batches in insert order so that no delete holds many locks.
 * The deletes reach the binlog as delete events, which the relay skips. Runs in the relay because
 * only the relay knows how far it got.
 */
public final class OutboxRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxRetention.class);
    private static final int BATCH = 1_000;

    private final Jdbi jdbi;
    private final Duration retention;
    private final Supplier<Optional<Instant>> publishedBefore;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "outbox-retention"));

    public OutboxRetention(Jdbi jdbi, Duration retention, Supplier<Optional<Instant>> publishedBefore) {
        this.jdbi = jdbi;
        this.retention = retention;
        this.publishedBefore = publishedBefore;
    }

    /** Fails fast when the relay user may not delete outbox rows (a no-op delete checks the grant). */
    public static void checkGrant(Jdbi jdbi) {
        try {
            jdbi.useHandle(OutboxStore::checkDeleteGrant);
        } catch (StatementException e) {
            throw new RelayFailedException("The relay user may not delete outbox rows, which its retention needs:"
                    + " grant DELETE ON <database>.outbox to it (mysql-config/init.sql): " + e.getMessage());
        }
    }

    public void start(Duration every) {
        ScheduledFuture<?> unused = scheduler.scheduleWithFixedDelay(
                this::deleteExpiredAndLog, every.toSeconds(), every.toSeconds(), TimeUnit.SECONDS);
    }

    private void deleteExpiredAndLog() {
        try {
            deleteExpired();
        } catch (RuntimeException e) {
            log.warn("outbox retention: delete failed, will retry at the next run: {}", e.getMessage());
        }
    }

    /** Deletes every expired row the relay has passed, batch by batch; returns how many. */
    public int deleteExpired() {
        Optional<Instant> passed = publishedBefore.get();
        if (passed.isEmpty()) {
            return 0;
        }
        int total = 0;
        int deleted;
        do {
            deleted = jdbi.withHandle(handle -> OutboxStore.deleteExpired(handle, retention, passed.get(), BATCH));
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            log.info(
                    "outbox retention: deleted {} rows older than {} h and passed by the relay (before {})",
                    total,
                    retention.toHours(),
                    passed.get());
        }
        return total;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
