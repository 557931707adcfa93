package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.support.db.DatabaseTables;
import org.jdbi.v3.core.Jdbi;

/**
 * The engine's schema history (the DDL of the outbox table, which it needs to decode row events).
 * Lost — dropped or emptied, while offsets remain — Debezium refuses to stream; the relay then
 * rebuilds it from the table's current schema ({@code snapshot.mode=recovery}) and resumes from the
 * stored offset. Rows written before a later change of the outbox table's columns would be read
 * with the current columns: the relay reads its columns by name, and the api only adds columns.
 */
final class SchemaHistoryTable {
    private final Jdbi jdbi;
    private final String table;

    SchemaHistoryTable(Jdbi jdbi, String table) {
        this.jdbi = jdbi;
        this.table = table;
    }

    String name() {
        return table;
    }

    /** Missing or empty. */
    boolean isLost() {
        return jdbi.withHandle(handle -> !DatabaseTables.exists(handle, table)
                || handle.createQuery("SELECT COUNT(*) FROM " + table)
                                .mapTo(Long.class)
                                .one()
                        == 0);
    }
}
