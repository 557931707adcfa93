package dev.outboxcdc.tools.bench;

import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/** MariaDB: the {@code userstat} plugin's USER_STATISTICS and TABLE_STATISTICS, switched on for the bench. */
final class MariaDbUserStatistics implements RelayDatabaseLoad {
    private final Jdbi admin;

    MariaDbUserStatistics(Jdbi admin) {
        this.admin = admin;
        admin.useHandle(handle -> handle.execute("SET GLOBAL userstat = 1"));
    }

    @Override
    public Snapshot snapshot(String database) {
        return admin.withHandle(handle -> {
            Map<String, Object> user = handle.createQuery(
                            "SELECT ROWS_READ, ROWS_INSERTED + ROWS_UPDATED + ROWS_DELETED AS written,"
                                    + " SELECT_COMMANDS + UPDATE_COMMANDS + OTHER_COMMANDS AS statements"
                                    + " FROM information_schema.USER_STATISTICS WHERE USER = :user")
                    .bind("user", RELAY_USER)
                    .mapToMap()
                    .findOne()
                    .orElse(Map.of());
            long outboxChanged = handle.createQuery(
                            "SELECT COALESCE(SUM(ROWS_CHANGED), 0) FROM information_schema.TABLE_STATISTICS"
                                    + " WHERE TABLE_SCHEMA = :database AND TABLE_NAME = 'outbox'")
                    .bind("database", database)
                    .mapTo(Long.class)
                    .one();
            return new Snapshot(
                    number(user.get("rows_read")),
                    number(user.get("written")),
                    number(user.get("statements")),
                    outboxChanged,
                    System.nanoTime());
        });
    }

    private static long number(@Nullable Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
