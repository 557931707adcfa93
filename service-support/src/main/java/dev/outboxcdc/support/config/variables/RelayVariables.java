package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Setting;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The relay's own settings (both modes unless the text says cdc or polling). */
public final class RelayVariables {
    public static final Setting<String> RELAY_MODE = Setting.oneOf("RELAY_MODE", "cdc", "cdc", "polling")
            .readBy(Component.RELAY)
            .withDoc("`cdc` (binlog) or `polling` (`SELECT … FOR UPDATE SKIP LOCKED`)");

    public static final Setting<Integer> RELAY_BATCH_SIZE = Setting.integer("RELAY_BATCH_SIZE", 2048, 1, 65_536)
            .readBy(Component.RELAY)
            .withDoc("max events per engine batch / poll");

    public static final Setting<Duration> RELAY_POLL_INTERVAL_MS = Setting.duration(
                    "RELAY_POLL_INTERVAL_MS", ChronoUnit.MILLIS, 10, 1, 600_000)
            .readBy(Component.RELAY)
            .withDoc("cdc: how often the engine hands over captured rows (the latency knob; no database load);"
                    + " polling: query interval")
            .withoutDefault("`10` (cdc), `100` (polling)");

    public static final Setting<Duration> RELAY_BATCH_LINGER_MS = Setting.duration(
                    "RELAY_BATCH_LINGER_MS", ChronoUnit.MILLIS, 20, 0, 1_000)
            .readBy(Component.RELAY)
            .withDoc("CDC: after a batch of 4 or more events (under load), wait this long before taking the "
                    + "next, so that it holds what arrived meanwhile (fewer publishes, confirms and worker "
                    + "transactions per event); an event then waits at most this plus `RELAY_POLL_INTERVAL_MS`."
                    + " Below 4 events a batch (e.g. 20 req/s) nothing waits. `0` turns it off");

    public static final Setting<Duration> RELAY_OFFSET_FLUSH_INTERVAL_MS = Setting.duration(
                    "RELAY_OFFSET_FLUSH_INTERVAL_MS", ChronoUnit.MILLIS, 1_000, 0, 600_000)
            .readBy(Component.RELAY)
            .withDoc("CDC: at most how often the binlog offset is written, with the first confirmed batch that"
                    + " ends this long after the last write, and at a clean stop. A crash re-publishes what was"
                    + " confirmed since (consumers deduplicate it); `0` writes after every batch (a DELETE + "
                    + "INSERT + COMMIT per batch)");

    public static final Setting<Integer> RELAY_SERVER_ID = Setting.integer(
                    "RELAY_SERVER_ID", 5400, 1, Integer.MAX_VALUE)
            .readBy(Component.RELAY)
            .withDoc("replica id on the binlog stream, unique per database server");

    public static final Setting<String> RELAY_NAME = Setting.text("RELAY_NAME", "outbox-relay")
            .readBy(Component.RELAY, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("engine name; only one relay per name is active (the others stand by). Another name keeps"
                    + " its offsets in tables of its own (`relay_offsets_<name>`)");

    public static final Setting<String> RELAY_SNAPSHOT_MODE = Setting.oneOf(
                    "RELAY_SNAPSHOT_MODE", "when_needed", "when_needed", "no_data", "recovery")
            .readBy(Component.RELAY)
            .withDoc("with no stored offsets: `when_needed` publishes the rows already in the outbox, then "
                    + "streams; `no_data` streams from the current position. A purged position always "
                    + "re-publishes what it had not passed (see [Three "
                    + "windows](DELIVERY.md#three-windows-one-invariant))");

    public static final Setting<Duration> RELAY_HEARTBEAT_INTERVAL_MS = Setting.duration(
                    "RELAY_HEARTBEAT_INTERVAL_MS", ChronoUnit.MILLIS, 10_000, 1_000, 3_600_000)
            .readBy(Component.RELAY)
            .withDoc("cdc: how often Debezium emits a heartbeat while binlog events of any table arrive; the "
                    + "relay stores one whenever it is in a newer binlog file, so the stored position follows "
                    + "every rotation even with an idle outbox");

    public static final Setting<Integer> RELAY_ADMIN_PORT = Setting.integer("RELAY_ADMIN_PORT", 9101, 0, 65_535)
            .readBy(Component.RELAY)
            .withDoc("its admin HTTP port: `GET /metrics` (Prometheus), `GET /health/live`, `GET "
                    + "/health/ready`; `0` = any free port (the URL is logged at start-up)");

    public static final Setting<Duration> RELAY_STALL_AFTER_MS = Setting.duration(
                    "RELAY_STALL_AFTER_MS", ChronoUnit.MILLIS, 60_000, 1_000, 86_400_000)
            .readBy(Component.RELAY)
            .withDoc("`/health/ready` answers `503 STALLED` when the binlog reader has not moved for this long"
                    + " while the server's binlog did (CDC), or no poll succeeded for this long (polling)");

    public static final Setting<Boolean> RELAY_DECLARES_SUBSCRIBER = Setting.flag("RELAY_DECLARES_SUBSCRIBER", true)
            .readBy(Component.RELAY)
            .withDoc("declare the worker's queue (`WORKER_QUEUE`) and binding (`WORKER_BINDING_KEY`) on the "
                    + "exchange before publishing, so that events published before the worker's first start "
                    + "wait in its queue; `false` for a relay whose deployment has no such worker, or whose "
                    + "broker user may not declare it (docs/OPERATIONS.md, \"Broker users\": `make run` and the"
                    + " compose file set it)");

    public static final Setting<Duration> OUTBOX_RETENTION_HOURS = Setting.duration(
                    "OUTBOX_RETENTION_HOURS", ChronoUnit.HOURS, 72, 1, 24 * 365)
            .readBy(Component.RELAY)
            .withDoc("outbox rows older than this, and already passed by the relay, are deleted (every 10 min,"
                    + " 1,000 rows per statement)");

    /** In the order docs/CONFIGURATION.md lists them. */
    static final List<Setting<?>> ALL = List.of(
            RELAY_MODE,
            RELAY_BATCH_SIZE,
            RELAY_POLL_INTERVAL_MS,
            RELAY_BATCH_LINGER_MS,
            RELAY_OFFSET_FLUSH_INTERVAL_MS,
            RELAY_SERVER_ID,
            RELAY_NAME,
            RELAY_SNAPSHOT_MODE,
            RELAY_HEARTBEAT_INTERVAL_MS,
            RELAY_ADMIN_PORT,
            RELAY_STALL_AFTER_MS,
            RELAY_DECLARES_SUBSCRIBER,
            OUTBOX_RETENTION_HOURS);

    private RelayVariables() {}
}
