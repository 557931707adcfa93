package dev.outboxcdc.tools.bench;

import dev.outboxcdc.contract.outbox.OutboxTable;
import org.jdbi.v3.core.Jdbi;

/**
 * MySQL 8: performance_schema's statement summary per user (SQL statements only, not protocol
 * commands such as the binlog dump) and its row-operation counts per table.
 */
final class MySqlPerformanceSchema implements RelayDatabaseLoad {
    private final Jdbi admin;

    MySqlPerformanceSchema(Jdbi admin) {
        this.admin = admin;
        boolean enabled = admin.withHandle(handle -> handle.createQuery("SELECT @@GLOBAL.performance_schema")
                .mapTo(Boolean.class)
                .one());
        if (!enabled) {
            throw new BenchFailedException(
                    "MySQL's performance_schema is off; the relay's database cost cannot be measured:"
                            + " start the server with performance_schema=ON (the default)");
        }
    }

    @Override
    public Snapshot snapshot(String database) {
        return admin.withHandle(handle -> {
            Snapshot user = handle.createQuery("SELECT COALESCE(SUM(SUM_ROWS_EXAMINED), 0) AS rows_read,"
                            + " COALESCE(SUM(SUM_ROWS_AFFECTED), 0) AS written, COALESCE(SUM(COUNT_STAR), 0) AS statements"
                            + " FROM performance_schema.events_statements_summary_by_user_by_event_name"
                            + " WHERE USER = :user AND EVENT_NAME LIKE 'statement/sql/%'")
                    .bind("user", RELAY_USER)
                    .map((row, ctx) -> new Snapshot(
                            row.getLong("rows_read"), row.getLong("written"), row.getLong("statements"), 0, 0))
                    .one();
            long outboxChanged = handle.createQuery(
                            "SELECT COALESCE(SUM(COUNT_WRITE), 0) FROM performance_schema.table_io_waits_summary_by_table"
                                    + " WHERE OBJECT_SCHEMA = :database AND OBJECT_NAME = :table")
                    .bind("database", database)
                    .bind("table", OutboxTable.NAME)
                    .mapTo(Long.class)
                    .one();
            return new Snapshot(
                    user.relayRowsRead(),
                    user.relayRowsWritten(),
                    user.relayStatements(),
                    outboxChanged,
                    System.nanoTime());
        });
    }
}
