package dev.outboxcdc.tools.bench;

import dev.outboxcdc.support.db.DatabaseFlavor;
import org.jdbi.v3.core.Jdbi;

/**
 * What the relay costs the database: its user's statements and rows, and the rows of a stack's
 * {@code outbox} table changed by anyone. Global status counters mix the relay with the api and
 * the worker; per-user counters do not. Each server family keeps those in its own place, hence one
 * implementation per family.
 */
interface RelayDatabaseLoad {
    /** The user the services' relay connects as (its default DB_USER). */
    String RELAY_USER = "outbox_relay";

    /** A reading of the counters; subtract two to get what happened in between. */
    Snapshot snapshot(String database);

    static RelayDatabaseLoad of(Jdbi admin, DatabaseFlavor flavor) {
        return flavor == DatabaseFlavor.MARIADB ? new MariaDbUserStatistics(admin) : new MySqlPerformanceSchema(admin);
    }

    /** Counters at one moment: the relay user's rows read, rows written, statements; outbox rows changed by anyone. */
    record Snapshot(
            long relayRowsRead, long relayRowsWritten, long relayStatements, long outboxRowsChanged, long nanos) {
        Snapshot minus(Snapshot earlier) {
            return new Snapshot(
                    relayRowsRead - earlier.relayRowsRead,
                    relayRowsWritten - earlier.relayRowsWritten,
                    relayStatements - earlier.relayStatements,
                    outboxRowsChanged - earlier.outboxRowsChanged,
                    nanos - earlier.nanos);
        }

        double seconds() {
            return nanos / 1e9;
        }
    }
}
