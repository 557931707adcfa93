package dev.outboxcdc.support.db;

import org.jdbi.v3.core.Handle;

/** Questions about the tables of the connection's own database. */
public final class DatabaseTables {
    private DatabaseTables() {}

    public static boolean exists(Handle handle, String table) {
        return handle.createQuery(
                                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = :table")
                        .bind("table", table)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }
}
