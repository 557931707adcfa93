package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.contract.outbox.OutboxTable;
import dev.outboxcdc.relay.RelayConfig;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/** The embedded Debezium engine's configuration, in one place. */
final class EngineProperties {
    /** How long the offset store and the schema history wait for the database's answer. */
    static final Duration STORE_SOCKET_TIMEOUT = Duration.ofSeconds(5);

    private EngineProperties() {}

    /**
     * @param db            the one server to stream from, and to keep the offsets and schema history on
     * @param republishFrom with a snapshot, only the outbox rows created since then (after a purged
     *                      position); empty: every row
     */
    static Properties of(
            RelayConfig config,
            DatabaseSettings db,
            DatabaseFlavor flavor,
            RelayConfig.SnapshotMode snapshotMode,
            Optional<Instant> republishFrom) {
        Properties props = new Properties();
        props.setProperty("name", config.name());
        props.setProperty(
                "connector.class",
                flavor == DatabaseFlavor.MARIADB
                        ? "io.debezium.connector.mariadb.MariaDbConnector"
                        : "io.debezium.connector.mysql.MySqlConnector");
        props.setProperty("topic.prefix", config.name());
        props.setProperty("database.hostname", db.host());
        props.setProperty("database.port", Integer.toString(db.port()));
        props.setProperty("database.user", db.user());
        props.setProperty("database.password", db.password());
        props.setProperty("database.server.id", Integer.toString(config.serverId()));
        props.setProperty("database.ssl.mode", db.tls().debeziumMode(flavor));
        // DB_TLS_CA_FILE: the binlog reader's TLS and the connector's own JDBC connections trust it
        // (Debezium hands the trust store to the driver as trustCertificateKeyStoreUrl, an alias
        // MariaDB's driver reads too).
        db.tlsCa().ifPresent(ca -> {
            props.setProperty("database.ssl.truststore", ca.trustStore().toString());
            props.setProperty("database.ssl.truststore.password", ca.trustStorePassword());
        });
        props.setProperty("database.include.list", db.database());
        String outbox = db.database() + "." + OutboxTable.NAME;
        props.setProperty("table.include.list", outbox);
        props.setProperty("include.schema.changes", "false");
        // Only inserts are events. Retention's deletes (with their payload before-images) and any
        // update or truncate are dropped by the connector before they reach the relay's queue.
        props.setProperty("skipped.operations", "u,d,t");
        // when_needed (the default): a first start, or a restart after the offsets were reset
        // because the binlog was purged, emits the rows already in the outbox table (op=r).
        props.setProperty("snapshot.mode", snapshotMode.name().toLowerCase(Locale.ROOT));
        // The default takes a global read lock, which blocks the api's writes and deadlocks with
        // the schema-history INSERT on the same server.
        props.setProperty("snapshot.locking.mode", "none");
        republishFrom.ifPresent(from -> {
            props.setProperty("snapshot.select.statement.overrides", outbox);
            props.setProperty(
                    "snapshot.select.statement.overrides." + outbox, OutboxStore.selectCreatedSince(outbox, from));
        });
        // The stored position moves only with a record the relay marks processed. Heartbeats are such
        // records, emitted while binlog events of ANY table arrive; the relay stores those in a newer
        // binlog file (OutboxChangeConsumer), so with an idle outbox on a busy server the position
        // still follows every rotation and a purge of older files needs no re-publication.
        props.setProperty(
                "heartbeat.interval.ms",
                Long.toString(config.heartbeatInterval().toMillis()));
        props.setProperty("max.batch.size", Integer.toString(config.batchSize()));
        props.setProperty("max.queue.size", Integer.toString(Math.max(config.batchSize() * 4, 8192)));
        props.setProperty(
                "poll.interval.ms", Long.toString(config.pollInterval().toMillis()));
        // When offsets are stored is OutboxChangeConsumer.commitPolicy's decision (offset.flush.interval.ms
        // is not used): at most every RELAY_OFFSET_FLUSH_INTERVAL_MS while streaming, and at a clean stop.
        // A lost binlog connection (database restart, network cut) is re-established by the
        // keep-alive thread; its default 60 s check would stall the stream for up to a minute.
        props.setProperty("connect.keep.alive", "true");
        props.setProperty("connect.keep.alive.interval.ms", "1000");
        props.setProperty("errors.max.retries", "-1");

        // Its statements take milliseconds; a connection whose link went half-open must not hold an
        // offset store (and with it the engine's stop) for long: scenario 18 of make chaos waited
        // 24 s for a 30 s socket timeout here.
        String storeUrl = db.jdbcUrl(flavor, STORE_SOCKET_TIMEOUT);
        props.setProperty("offset.storage", FencedOffsetStore.class.getName());
        props.setProperty("offset.storage.jdbc.connection.url", storeUrl);
        props.setProperty("offset.storage.jdbc.connection.user", db.user());
        props.setProperty("offset.storage.jdbc.connection.password", db.password());
        props.setProperty(FencedOffsetStore.TABLE_PROPERTY, config.offsetsTable());
        props.setProperty("offset.storage.jdbc.table.ddl", RelayTables.OFFSETS_DDL);
        props.setProperty("schema.history.internal", "io.debezium.storage.jdbc.history.JdbcSchemaHistory");
        props.setProperty("schema.history.internal.jdbc.connection.url", storeUrl);
        props.setProperty("schema.history.internal.jdbc.connection.user", db.user());
        props.setProperty("schema.history.internal.jdbc.connection.password", db.password());
        props.setProperty("schema.history.internal.jdbc.table.name", config.schemaHistoryTable());
        props.setProperty("schema.history.internal.jdbc.table.ddl", RelayTables.HISTORY_DDL);
        props.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        props.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
        return props;
    }
}
