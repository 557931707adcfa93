package dev.outboxcdc.consumer.internal.receive;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes processed-message records older than the retention, in small batches so no delete holds
 * many locks. A message re-published after its record is gone would be handled again: the
 * retention must outlast any re-publication (docs/DELIVERY.md, "Three windows").
 */
public final class ProcessedMessagesRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessedMessagesRetention.class);
    private static final int BATCH = 1_000;

    private final Jdbi jdbi;
    private final ProcessedMessages processed;
    private final Duration retention;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "processed-messages-retention"));

    public ProcessedMessagesRetention(Jdbi jdbi, ProcessedMessages processed, Duration retention) {
        this.jdbi = jdbi;
        this.processed = processed;
        this.retention = retention;
    }

    public void start(Duration every) {
        ScheduledFuture<?> unused =
                scheduler.scheduleWithFixedDelay(this::deleteExpired, 1, every.toSeconds(), TimeUnit.SECONDS);
    }

    /** Deletes every expired record, batch by batch; returns how many. */
    public int deleteExpired() {
        int total = 0;
        try {
            int deleted;
            do {
                deleted = jdbi.inTransaction(handle -> processed.deleteOlderThan(handle, retention.toHours(), BATCH));
                total += deleted;
            } while (deleted == BATCH);
            if (total > 0) {
                log.info("retention: deleted {} processed-message records older than {} h", total, retention.toHours());
            }
        } catch (RuntimeException e) {
            log.warn("retention: delete failed, will retry at the next run: {}", e.getMessage());
        }
        return total;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
