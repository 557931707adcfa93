package dev.outboxcdc.loadtest.bench;

import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * What the relay costs the database, from MariaDB's per-user and per-table statistics
 * ({@code userstat}): global {@code SHOW GLOBAL STATUS} counters mix the relay with the api and
 * the worker, per-user counters do not. MariaDB only (MySQL has no USER_STATISTICS).
 */
final class RelayDatabaseLoad {
    /** The user the services' relay connects as (its default DB_USER). */
    static final String RELAY_USER = "outbox_relay";

    private final Jdbi admin;

    RelayDatabaseLoad(Jdbi admin) {
        this.admin = admin;
        admin.useHandle(handle -> handle.execute("SET GLOBAL userstat = 1"));
    }

    /** A reading of the counters; subtract two to get what happened in between. */
    Snapshot snapshot() {
        return admin.withHandle(handle -> {
            Map<String, Object> user = handle.createQuery("SELECT ROWS_READ, ROWS_INSERTED + ROWS_UPDATED + ROWS_DELETED AS written,"
                            + " SELECT_COMMANDS + UPDATE_COMMANDS + OTHER_COMMANDS AS statements"
                            + " FROM information_schema.USER_STATISTICS WHERE USER = :user")
                    .bind("user", RELAY_USER)
                    .mapToMap().findOne().orElse(Map.of());
            long outboxChanged = handle.createQuery("SELECT COALESCE(SUM(ROWS_CHANGED), 0) FROM information_schema.TABLE_STATISTICS"
                    + " WHERE TABLE_SCHEMA = 'outbox' AND TABLE_NAME = 'outbox'").mapTo(Long.class).one();
            return new Snapshot(number(user.get("rows_read")), number(user.get("written")), number(user.get("statements")),
                    outboxChanged, System.nanoTime());
        });
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Counters at one moment: the relay user's rows read, rows written, statements; outbox rows changed by anyone. */
    record Snapshot(long relayRowsRead, long relayRowsWritten, long relayStatements, long outboxRowsChanged, long nanos) {
        Snapshot minus(Snapshot earlier) {
            return new Snapshot(relayRowsRead - earlier.relayRowsRead, relayRowsWritten - earlier.relayRowsWritten,
                    relayStatements - earlier.relayStatements, outboxRowsChanged - earlier.outboxRowsChanged,
                    nanos - earlier.nanos);
        }

        double seconds() {
            return nanos / 1e9;
        }
    }
}
