package dev.outboxcdc.ctl.status;

import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.relay.state.RelayLease;
import dev.outboxcdc.relay.state.RelayNames;
import dev.outboxcdc.relay.state.StoredOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The relay as the database sees it, for {@code outboxctl status} and the console: who holds its
 * lease, the server's binlog position against the one the relay stored, and how many outbox rows
 * were committed after the stored position's last event. Reads only.
 */
public record RelayStatus(
        String relayName, String lease, boolean leaseHeld, String serverPosition, String storedPosition, String lag) {

    public static RelayStatus read(CtlConfig config, Jdbi jdbi) {
        Optional<StoredOffsets.BinlogPosition> stored = new StoredOffsets(
                        jdbi, config.database().resolveFlavor(), RelayNames.offsetsTable(config.relayName()))
                .stored();
        return jdbi.withHandle(handle -> {
            Optional<Long> holder = leaseConnection(handle, config.relayName());
            return new RelayStatus(
                    config.relayName(),
                    leaseHolder(handle, config.relayName(), holder),
                    holder.isPresent(),
                    serverPosition(handle),
                    stored.map(Object::toString).orElse("none (the relay has not stored one yet)"),
                    lag(handle, stored));
        });
    }

    private static Optional<Long> leaseConnection(Handle handle, String relayName) {
        return handle.createQuery("SELECT IS_USED_LOCK(:name)")
                .bind("name", RelayLease.lockName(relayName))
                .mapTo(Long.class)
                .findOne();
    }

    private static String leaseHolder(Handle handle, String relayName, Optional<Long> connection) {
        if (connection.isEmpty()) {
            return "free: no relay named " + relayName + " is running";
        }
        Optional<String> who = handle.createQuery(
                        "SELECT CONCAT(user, '@', host) FROM information_schema.processlist WHERE id = :id")
                .bind("id", connection.get())
                .mapTo(String.class)
                .findOne();
        return "held by connection " + connection.get()
                + who.map(user -> " (" + user + ")").orElse("");
    }

    private static String serverPosition(Handle handle) {
        return handle.createQuery("SHOW MASTER STATUS")
                .map((row, ctx) -> row.getString(1) + ":" + row.getLong(2))
                .findOne()
                .orElse("binary logging is off");
    }

    /** Outbox rows committed after the newest event the stored position covers: published, or waiting to be. */
    private static String lag(Handle handle, Optional<StoredOffsets.BinlogPosition> stored) {
        Optional<Instant> passed = stored.flatMap(StoredOffsets.BinlogPosition::eventTime);
        if (passed.isEmpty()) {
            return "unknown (no outbox event in the stored position yet)";
        }
        long newer = OutboxStore.countCreatedSince(
                handle, Instant.ofEpochSecond(passed.get().getEpochSecond() + 1));
        Duration age = Duration.between(passed.get(), Instant.now());
        return newer + " outbox rows committed after the stored position's last event (" + passed.get() + ", "
                + age.toSeconds() + " s ago; it grows while the outbox is idle)";
    }
}
