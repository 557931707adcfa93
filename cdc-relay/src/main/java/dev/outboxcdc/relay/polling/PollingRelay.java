package dev.outboxcdc.relay.polling;

import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.contract.outbox.OutboxStore.StoredMessage;
import dev.outboxcdc.relay.Relay;
import dev.outboxcdc.relay.RelayConfig;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.relay.publish.RetryingPublisher;
import dev.outboxcdc.relay.retention.RetentionWindows;
import dev.outboxcdc.support.metrics.Readiness;
import dev.outboxcdc.support.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback where binlog access is not granted: claims a batch of unpublished rows with
 * {@code FOR UPDATE SKIP LOCKED} (so several relays never publish the same row at once), publishes
 * it with confirms, marks it published and commits. A crash before the commit leaves the rows
 * unmarked: they are published again (at least once). It costs one query per interval when idle
 * and one row write per event — the figures the benchmark compares with CDC.
 */
public final class PollingRelay implements Relay {
    private static final Logger log = LoggerFactory.getLogger(PollingRelay.class);

    private final RelayConfig config;
    private final Jdbi jdbi;
    private final RetryingPublisher publisher;
    private final RelayMetrics metrics;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Thread poller = new Thread(this::run, "polling-relay");
    private volatile boolean stopping;

    private PollingRelay(RelayConfig config, Jdbi jdbi, RetryingPublisher publisher, RelayMetrics metrics) {
        this.config = config;
        this.jdbi = jdbi;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    public static PollingRelay start(RelayConfig config, Jdbi jdbi, RetryingPublisher publisher, RelayMetrics metrics) {
        PollingRelay relay = new PollingRelay(config, jdbi, publisher, metrics);
        metrics.state(RelayMetrics.State.POLLING);
        relay.poller.start();
        log.info(
                "polling relay started: every {} ms, batch {}",
                config.pollInterval().toMillis(),
                config.batchSize());
        return relay;
    }

    @Override
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** Before the oldest unpublished row (or now), less the time a transaction may take to commit. */
    @Override
    public Optional<Instant> publishedBefore() {
        Instant oldestUnpublished = jdbi.withHandle(OutboxStore::oldestUnpublished);
        return Optional.of(oldestUnpublished.minus(RetentionWindows.LONGEST_TRANSACTION));
    }

    @Override
    public Readiness readiness() {
        RelayMetrics.State state = metrics.state();
        Instant lastPoll = metrics.lastActivity();
        if (state != RelayMetrics.State.POLLING) {
            return Readiness.down(
                    state.name(),
                    state == RelayMetrics.State.RESTARTING
                            ? "polls fail (the database?); retrying with backoff"
                            : "not polling");
        }
        if (lastPoll == null || Duration.between(lastPoll, Instant.now()).compareTo(config.stallAfter()) > 0) {
            return Readiness.down("STALLED", "no poll succeeded since " + (lastPoll == null ? "start" : lastPoll));
        }
        return Readiness.up();
    }

    private void run() {
        int failures = 0;
        while (!stopping) {
            try {
                // One cheap query per idle interval; the locking transaction only when there is work.
                // READ COMMITTED: the claim locks the rows it read and no gap, so the api's inserts
                // never wait behind a batch that waits for its confirms.
                int published = hasUnpublished()
                        ? jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, this::publishOneBatch)
                        : 0;
                metrics.active();
                if (failures > 0) {
                    log.info("polling relay: database reachable again after {} failed polls", failures);
                    metrics.state(RelayMetrics.State.POLLING);
                    failures = 0;
                }
                if (published < config.batchSize()) {
                    TimeUnit.MILLISECONDS.sleep(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                metrics.state(RelayMetrics.State.RESTARTING);
                if (failures++ == 0) {
                    log.warn("polling relay: poll failed, retrying with backoff: {}", e.getMessage());
                }
                if (!Backoff.DEFAULT.pause(failures)) {
                    break;
                }
            }
        }
        metrics.state(RelayMetrics.State.STOPPED);
        ended.complete(null);
    }

    private boolean hasUnpublished() {
        return jdbi.withHandle(OutboxStore::hasUnpublished);
    }

    private int publishOneBatch(Handle handle) throws InterruptedException {
        List<StoredMessage> batch = OutboxStore.claimUnpublished(handle, config.batchSize());
        if (batch.isEmpty()) {
            return 0;
        }
        publisher.publishAll(batch.stream().map(StoredMessage::message).toList());
        OutboxStore.markPublished(handle, batch.stream().map(StoredMessage::seq).toList());
        metrics.offsetCommitted();
        return batch.size();
    }

    /**
     * Stops polling. The batch being published is let finish (at most {@link Relay#BATCH_DRAIN_LIMIT});
     * one whose confirms have not come by then stops waiting and its transaction is rolled back, so
     * its rows stay unmarked and the next relay publishes them.
     */
    @Override
    public void close() {
        stopping = true;
        try {
            poller.join(BATCH_DRAIN_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller.interrupt();
    }
}
