package dev.outboxcdc.relay;

import dev.outboxcdc.relay.retention.RetentionWindows;
import dev.outboxcdc.relay.state.RelayNames;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.Setting;
import dev.outboxcdc.support.config.variables.RelayVariables;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The relay's settings, read from the environment; see docs/CONFIGURATION.md.
 *
 * @param eventSource         {@code EVENT_SOURCE}: the CloudEvents {@code source} of every event published
 * @param pollInterval        CDC: how often the engine hands over captured rows (latency knob,
 *                            no database load); polling: how often the outbox table is queried
 * @param offsetFlushInterval CDC: at most how often binlog offsets are written (default 1 s): with the
 *                            first confirmed batch that ends this long after the last write, and at
 *                            a clean stop. A crash re-publishes what was confirmed since the last
 *                            write (the consumers deduplicate it); 0 writes after every batch, one
 *                            small transaction (DELETE + INSERT + COMMIT) per batch.
 * @param batchLinger         CDC: after a batch of at least {@link #LINGER_FROM_MESSAGES} events (the relay
 *                            is under load), wait this long before taking the next one, so that the next batch
 *                            holds what arrived meanwhile (fewer, larger publishes, confirms and worker batches);
 *                            default 20 ms, 0 never waits. An event then waits at most this plus the poll interval.
 * @param serverId            the replica id the relay uses on the binlog stream; unique per server
 * @param heartbeatInterval   CDC: how often Debezium emits a heartbeat while binlog events of any
 *                            table arrive; one in a newer binlog file is stored (see OutboxChangeConsumer)
 * @param retention           the outbox retention and the consumers' dedup window it must stay within
 * @param subscriber          the worker's queue and binding, declared before the first publish
 *                            ({@code RELAY_DECLARES_SUBSCRIBER}, default true; same WORKER_* variables)
 * @param unroutedQueue       where events no queue is bound for go (logged, counted); empty
 *                            ({@code RELAY_UNROUTED_QUEUE=none}): they are held back and retried until a queue is bound
 * @param adminPort           {@code RELAY_ADMIN_PORT} (9101): {@code /metrics}, {@code /health/live}, {@code /health/ready}; 0 = any free port
 * @param stallAfter          {@code RELAY_STALL_AFTER_MS} (60 s): not ready when the binlog reader (CDC) has not moved
 *                            this long while the server's binlog did, or no poll succeeded this long (polling)
 */
public record RelayConfig(
        RelayMode mode,
        DatabaseSettings database,
        DatabaseSettings schemaOwner,
        AmqpSettings amqp,
        String exchange,
        String eventSource,
        int batchSize,
        Duration pollInterval,
        Duration offsetFlushInterval,
        Duration batchLinger,
        int serverId,
        String name,
        SnapshotMode snapshotMode,
        Duration heartbeatInterval,
        RetentionWindows retention,
        Optional<Subscription> subscriber,
        Optional<String> unroutedQueue,
        int adminPort,
        Duration stallAfter) {
    /** {@code RELAY_MODE}, as the relay's own type. */
    static final Setting<RelayMode> MODE =
            RelayVariables.RELAY_MODE.map(mode -> RelayMode.valueOf(mode.toUpperCase(Locale.ROOT)));
    /** {@code RELAY_SNAPSHOT_MODE}, as the relay's own type. */
    static final Setting<SnapshotMode> SNAPSHOT_MODE =
            RelayVariables.RELAY_SNAPSHOT_MODE.map(mode -> SnapshotMode.valueOf(mode.toUpperCase(Locale.ROOT)));

    /** A batch this large means events arrive faster than one per poll: the relay is under load. */
    public static final int LINGER_FROM_MESSAGES = 4;

    /** {@code RELAY_SNAPSHOT_MODE}: what a relay does when it finds no stored offsets. */
    public enum SnapshotMode {
        /** Publish the rows already in the outbox table, then stream (default: nothing is missed). */
        WHEN_NEEDED,
        /** Stream from the current binlog position, skipping existing rows (a fresh relay for new events only). */
        NO_DATA,
        /**
         * Rebuild a lost schema history from the current schema, then stream from the stored
         * offsets. The relay picks it by itself when it finds stored offsets but no history.
         */
        RECOVERY
    }

    /** CDC: how long to wait after a batch of {@code published} events before taking the next one. */
    public Duration lingerAfter(int published) {
        return published >= LINGER_FROM_MESSAGES ? batchLinger : Duration.ZERO;
    }

    /** The relay's offsets table: {@code relay_offsets}, or one of its own for another RELAY_NAME. */
    public String offsetsTable() {
        return RelayNames.offsetsTable(name);
    }

    public String schemaHistoryTable() {
        return RelayNames.schemaHistoryTable(name);
    }

    public static RelayConfig fromEnv(Env env) {
        RelayMode mode = env.get(MODE);
        Duration defaultPoll = mode == RelayMode.CDC ? Duration.ofMillis(10) : Duration.ofMillis(100);
        DatabaseSettings database = DatabaseSettings.fromEnv(env, Component.RELAY);
        return new RelayConfig(
                mode,
                database,
                database.asSchemaOwner(env),
                AmqpSettings.fromEnv(env),
                EventTopology.exchange(env),
                EventTopology.source(env),
                env.get(RelayVariables.RELAY_BATCH_SIZE),
                env.get(RelayVariables.RELAY_POLL_INTERVAL_MS, defaultPoll),
                env.get(RelayVariables.RELAY_OFFSET_FLUSH_INTERVAL_MS),
                env.get(RelayVariables.RELAY_BATCH_LINGER_MS),
                env.get(RelayVariables.RELAY_SERVER_ID),
                RelayNames.fromEnv(env),
                env.get(SNAPSHOT_MODE),
                env.get(RelayVariables.RELAY_HEARTBEAT_INTERVAL_MS),
                RetentionWindows.fromEnv(env),
                env.get(RelayVariables.RELAY_DECLARES_SUBSCRIBER)
                        ? Optional.of(Subscription.fromEnv(env))
                        : Optional.empty(),
                EventTopology.unroutedQueue(env),
                env.get(RelayVariables.RELAY_ADMIN_PORT),
                env.get(RelayVariables.RELAY_STALL_AFTER_MS));
    }
}
