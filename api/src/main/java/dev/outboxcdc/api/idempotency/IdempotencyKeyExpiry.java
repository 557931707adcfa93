package dev.outboxcdc.api.idempotency;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired idempotency keys in the background: batches of {@value #BATCH}, at most
 * {@value #MAX_BATCHES_PER_RUN} batches a run, so that neither a batch's locks nor a run's time grow
 * with a backlog. An expired key that is still there is already treated as new by
 * {@link IdempotencyKeys#claim}: the job only keeps the table small.
 */
public final class IdempotencyKeyExpiry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyExpiry.class);
    static final int BATCH = 1_000;
    static final int MAX_BATCHES_PER_RUN = 100;

    private final Jdbi jdbi;
    private final IdempotencyKeys keys;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "idempotency-key-expiry");
        thread.setDaemon(true);
        return thread;
    });

    public IdempotencyKeyExpiry(Jdbi jdbi, IdempotencyKeys keys) {
        this.jdbi = jdbi;
        this.keys = keys;
    }

    public IdempotencyKeyExpiry start(Duration every) {
        ScheduledFuture<?> unused = scheduler.scheduleWithFixedDelay(
                this::deleteExpiredAndLog, every.toSeconds(), every.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    private void deleteExpiredAndLog() {
        try {
            deleteExpired();
        } catch (RuntimeException e) {
            log.warn("idempotency keys: deleting expired keys failed, will retry at the next run: {}", e.getMessage());
        }
    }

    /** Deletes expired keys, up to the run's bound; returns how many. */
    public int deleteExpired() {
        int total = 0;
        int deleted = BATCH;
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN && deleted == BATCH; batch++) {
            deleted = jdbi.withHandle(handle -> keys.deleteExpired(handle, BATCH));
            total += deleted;
        }
        if (total > 0) {
            log.info(
                    "idempotency keys: deleted {} keys older than {} h",
                    total,
                    keys.timeToLive().toHours());
        }
        return total;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
