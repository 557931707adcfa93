package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.Relay;
import dev.outboxcdc.relay.RelayConfig;
import dev.outboxcdc.relay.RelayFailedException;
import dev.outboxcdc.relay.publish.RetryingPublisher;
import dev.outboxcdc.support.db.DatabaseFlavor;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.connect.source.SourceRecord;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the binlog with the embedded Debezium engine and publishes outbox inserts. Runs the engine
 * on its own thread; restarts it once its offsets are reset when the server has purged the stored
 * position; otherwise an engine failure ends the relay with the engine's reason.
 */
public final class CdcRelay implements Relay {
    private static final Logger log = LoggerFactory.getLogger(CdcRelay.class);

    private final RelayConfig config;
    private final DatabaseFlavor flavor;
    private final StoredOffsets offsets;
    private final RetryingPublisher publisher;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

    private CdcRelay(RelayConfig config, DatabaseFlavor flavor, Jdbi jdbi, RetryingPublisher publisher) {
        this.config = config;
        this.flavor = flavor;
        this.offsets = new StoredOffsets(jdbi, flavor);
        this.publisher = publisher;
    }

    /** Checks the binlog and grants, then starts streaming on a thread of its own. */
    public static CdcRelay start(RelayConfig config, DatabaseFlavor flavor, Jdbi jdbi, RetryingPublisher publisher) {
        BinlogPreflight.check(jdbi);
        CdcRelay relay = new CdcRelay(config, flavor, jdbi, publisher);
        Thread runner = new Thread(relay::run, "cdc-relay");
        runner.start();
        return relay;
    }

    public boolean isStopping() {
        return stopping;
    }

    @Override
    public CompletableFuture<Void> ended() {
        return ended;
    }

    private void run() {
        try (RelayLease lease = RelayLease.acquire(config.database(), flavor, config.name(), () -> stopping)) {
            while (lease != null && !stopping) {
                offsets.resetIfPurged();
                EngineOutcome outcome = runEngineOnce();
                if (stopping) {
                    break;
                }
                if (!outcome.isPurgedBinlog()) {
                    throw new RelayFailedException("CDC engine stopped: " + outcome.reason());
                }
                offsets.reset("the binlog position the engine asked for is purged (" + outcome.reason() + ")");
            }
            ended.complete(null);
        } catch (SQLException | RuntimeException e) {
            ended.completeExceptionally(e);
        }
    }

    private EngineOutcome runEngineOnce() {
        CompletableFuture<EngineOutcome> outcome = new CompletableFuture<>();
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(EngineProperties.of(config, flavor))
                .notifying(new OutboxChangeConsumer(publisher))
                .using((success, message, error) -> outcome.complete(new EngineOutcome(success, message, error)))
                .build();
        log.info("CDC engine starting: {} connector, table {}.outbox, poll {} ms, batch {}",
                flavor.name().toLowerCase(), config.database().database(), config.pollInterval().toMillis(),
                config.batchSize());
        engine.run();
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EngineOutcome(false, "interrupted", e);
        } catch (ExecutionException e) {
            return new EngineOutcome(false, e.getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        stopping = true;
        DebeziumEngine<RecordChangeEvent<SourceRecord>> running = engine;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                log.warn("closing the CDC engine failed: {}", e.getMessage());
            }
        }
    }
}
