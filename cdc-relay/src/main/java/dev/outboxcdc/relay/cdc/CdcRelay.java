package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.Relay;
import dev.outboxcdc.relay.RelayConfig;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.relay.publish.RetryingPublisher;
import dev.outboxcdc.relay.retention.RetentionWindows;
import dev.outboxcdc.relay.state.StoredOffsets;
import dev.outboxcdc.support.db.DatabaseErrors;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.metrics.Readiness;
import dev.outboxcdc.support.retry.Backoff;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the binlog with the embedded Debezium engine and publishes outbox inserts, on a thread of
 * its own. When the engine stops on its own it is restarted from the stored offset: at once after
 * resetting the offsets if the server purged the stored position, otherwise with backoff (a
 * database restart, a network cut). Only a lasting problem found before a start ends the relay.
 */
public final class CdcRelay implements Relay {
    private static final Logger log = LoggerFactory.getLogger(CdcRelay.class);
    private static final Backoff RESTART_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15));
    private static final Duration ENGINE_CLOSE_LIMIT = Duration.ofSeconds(5);

    private final RelayConfig config;
    private final DatabaseFlavor flavor;
    private final StoredOffsets offsets;
    private final SchemaHistoryTable history;
    private final RetryingPublisher publisher;
    private final Jdbi jdbi;
    private final RelayMetrics metrics;
    private final CdcReadiness readiness;
    private final Clock clock;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean stopping;
    private final PurgedPositionRecovery purged;
    /** Set for a start that found offsets but no schema history. */
    private boolean recoverSchemaHistory;

    private volatile @Nullable DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    /** How the current engine's run ended, once it has. */
    private volatile CompletableFuture<EngineOutcome> engineRun = new CompletableFuture<>();

    private volatile @Nullable OutboxChangeConsumer consumer;

    private CdcRelay(
            RelayConfig config,
            DatabaseFlavor flavor,
            Jdbi jdbi,
            RetryingPublisher publisher,
            RelayMetrics metrics,
            Clock clock) {
        this.config = config;
        this.flavor = flavor;
        this.offsets = new StoredOffsets(jdbi, flavor, config.offsetsTable());
        this.history = new SchemaHistoryTable(jdbi, config.schemaHistoryTable());
        this.publisher = publisher;
        this.jdbi = jdbi;
        this.metrics = metrics;
        this.clock = clock;
        this.purged = new PurgedPositionRecovery(config.retention(), offsets, jdbi, clock);
        this.readiness = new CdcReadiness(config.name(), metrics, jdbi, new StallWatch(config.stallAfter()), clock);
    }

    /** Checks the binlog and grants, then starts streaming on a thread of its own. */
    public static CdcRelay start(
            RelayConfig config,
            DatabaseFlavor flavor,
            Jdbi jdbi,
            RetryingPublisher publisher,
            RelayMetrics metrics,
            Clock clock) {
        BinlogPreflight.check(jdbi);
        config.retention().checkBinlogExpiry(BinlogPreflight.binlogExpiry(jdbi));
        RelayTables.create(config, flavor);
        CdcRelay relay = new CdcRelay(config, flavor, jdbi, publisher, metrics, clock);
        Thread runner = new Thread(relay::run, "cdc-relay");
        runner.start();
        return relay;
    }

    @Override
    public CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public Optional<Instant> publishedBefore() {
        return offsets.passedUpTo().map(passed -> passed.minus(RetentionWindows.LONGEST_TRANSACTION));
    }

    @Override
    public Readiness readiness() {
        return readiness.now();
    }

    private void run() {
        try (LeaseKeeper lease = new LeaseKeeper(flavor, config.name(), metrics, RESTART_BACKOFF, () -> stopping)) {
            for (int failures = 0; !stopping; ) {
                Optional<DatabaseSettings> server = WritableServer.await(
                        config.database(), flavor, () -> stopping, () -> metrics.state(RelayMetrics.State.RESTARTING));
                if (server.isEmpty() || !lease.hold(server.get())) {
                    break;
                }
                EngineOutcome outcome = prepareAndRunEngine(server.get(), lease::stillHeld);
                if (stopping) {
                    break;
                }
                if (outcome.isPurgedBinlog()) {
                    purged.reset(
                            "the binlog position the engine asked for is purged (" + outcome.reason() + ")",
                            offsets.passedUpTo());
                    continue;
                }
                metrics.state(RelayMetrics.State.RESTARTING);
                if (failures++ == 0) {
                    log.warn(
                            "CDC engine stopped ({}); restarting it from the stored offset with backoff",
                            outcome.reason());
                }
                if (!RESTART_BACKOFF.pause(failures, () -> stopping)) {
                    break;
                }
            }
            ended.complete(null);
        } catch (SQLException | RuntimeException e) {
            ended.completeExceptionally(e);
        } finally {
            metrics.state(RelayMetrics.State.STOPPED);
        }
    }

    /**
     * Checks the binlog and the stored position, then runs the engine until it ends. A database that
     * is down counts as an engine failure (retried); one that answers with a lasting problem (no
     * binlog, missing grants, refused credentials) ends the relay.
     */
    private EngineOutcome prepareAndRunEngine(DatabaseSettings server, BooleanSupplier leaseHeld) {
        try {
            BinlogPreflight.check(jdbi);
            offsets.purgedPosition()
                    .ifPresent(position -> purged.reset(
                            "stored binlog position " + position + " is no longer on the server (purged)",
                            position.eventTime()));
            recoverSchemaHistory = offsets.exist() && history.isLost();
            if (recoverSchemaHistory) {
                log.warn(
                        "the schema history table {} is missing or empty while offsets are stored: rebuilding it from"
                                + " the current schema of {}.outbox (snapshot.mode=recovery), then resuming from the stored offset",
                        history.name(),
                        config.database().database());
            }
        } catch (RuntimeException e) {
            if (DatabaseErrors.isUnavailable(e)) {
                return new EngineOutcome(false, "database unavailable", e);
            }
            throw e;
        }
        return runEngineOnce(server, leaseHeld);
    }

    private EngineOutcome runEngineOnce(DatabaseSettings server, BooleanSupplier leaseHeld) {
        CompletableFuture<EngineOutcome> outcome = new CompletableFuture<>();
        engineRun = outcome;
        RelayConfig.SnapshotMode snapshotMode = recoverSchemaHistory
                ? RelayConfig.SnapshotMode.RECOVERY
                : purged.due() ? RelayConfig.SnapshotMode.WHEN_NEEDED : config.snapshotMode();
        LeaseFence fence = new LeaseFence(leaseHeld, metrics, clock);
        consumer = new OutboxChangeConsumer(publisher, metrics, fence, config);
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(EngineProperties.of(config, server, flavor, snapshotMode, purged.from()))
                .notifying(consumer)
                .using(consumer.commitPolicy(config.offsetFlushInterval()))
                .using((success, message, error) -> outcome.complete(new EngineOutcome(success, message, error)))
                .build();
        log.info(
                "CDC engine starting: {} connector on {}:{}, table {}.outbox, poll {} ms, batch {}, linger {} ms, {}",
                flavor.name().toLowerCase(Locale.ROOT),
                server.host(),
                server.port(),
                config.database().database(),
                config.pollInterval().toMillis(),
                config.batchSize(),
                config.batchLinger().toMillis(),
                offsets.stored()
                        .map(position -> "resuming from " + position
                                + position.gtids()
                                        .map(gtids -> " (GTIDs " + gtids + ")")
                                        .orElse(""))
                        .orElse("no stored position (snapshot mode "
                                + snapshotMode.name().toLowerCase(Locale.ROOT) + ")"));
        metrics.state(RelayMetrics.State.STREAMING);
        try (FencedOffsetStore.Registration registered = FencedOffsetStore.register(config.offsetsTable(), fence);
                FailoverWatch failover = FailoverWatch.start(config.database(), flavor, server, this::closeEngine);
                LeaseWatch leaseWatch = LeaseWatch.start(fence, this::closeEngine)) {
            engine.run();
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EngineOutcome(false, "interrupted", e);
        } catch (ExecutionException e) {
            return new EngineOutcome(false, e.getMessage(), e.getCause());
        } catch (IllegalStateException e) {
            // Debezium's run() throws this when a watch's close (lease lost, failover) races with the
            // engine's own stop after its consumer failed ("Cannot change engine state to 'STOPPING'"):
            // the engine has stopped, and it is started again like any engine that stopped.
            return new EngineOutcome(false, e.getMessage(), e);
        }
    }

    /**
     * Stops the engine. The batch being published is let finish first (at most
     * {@link Relay#BATCH_DRAIN_LIMIT}): the engine's shutdown interrupts its consumer at once.
     */
    @Override
    public void close() {
        stopping = true;
        OutboxChangeConsumer current = consumer;
        try {
            if (current != null && !current.awaitIdle(BATCH_DRAIN_LIMIT)) {
                log.warn(
                        "the batch being published was not confirmed within {} ms of the stop: it is published again on the"
                                + " next start",
                        BATCH_DRAIN_LIMIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeEngine();
    }

    private void closeEngine() {
        DebeziumEngine<RecordChangeEvent<SourceRecord>> running = engine;
        if (running == null) {
            return;
        }
        try {
            if (!EngineShutdown.close(running, engineRun, ENGINE_CLOSE_LIMIT)) {
                log.warn(
                        "the CDC engine refused to stop for {} s (its tasks were still starting)",
                        ENGINE_CLOSE_LIMIT.toSeconds());
            }
        } catch (IOException e) {
            log.warn("closing the CDC engine failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
