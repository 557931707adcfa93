package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.RelayConfig;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.SchemaMigrations;
import java.util.List;

/**
 * The relay's two tables, named after the relay ({@link dev.outboxcdc.relay.state.RelayNames}): its
 * binlog offsets and its Debezium schema history. Debezium would create them as the relay's own
 * user, which has no DDL; the relay creates them at its start as the schema's owner instead, if
 * they are not there yet. The definitions are the ones the engine is given ({@link
 * EngineProperties}), so that a table the engine would create and one made here are the same.
 */
final class RelayTables {
    /** Debezium's own definition of its JDBC offset store's table. */
    static final String OFFSETS_DDL = "CREATE TABLE %s (id VARCHAR(36) NOT NULL, offset_key VARCHAR(1255),"
            + " offset_val VARCHAR(1255), record_insert_ts TIMESTAMP NOT NULL, record_insert_seq INTEGER NOT NULL,"
            + " PRIMARY KEY (id))";

    /** Debezium's default VARCHAR(65000) does not fit a utf8mb4 row; MEDIUMTEXT does. */
    static final String HISTORY_DDL = "CREATE TABLE %s (id VARCHAR(36) NOT NULL, history_data MEDIUMTEXT,"
            + " history_data_seq INTEGER, record_insert_ts TIMESTAMP NOT NULL, record_insert_seq INTEGER NOT NULL,"
            + " PRIMARY KEY (id, history_data_seq))";

    private RelayTables() {}

    static void create(RelayConfig config, DatabaseFlavor flavor) {
        SchemaMigrations.execute(
                config.schemaOwner(),
                flavor,
                "relay",
                List.of(
                        ifNotExists(OFFSETS_DDL, config.offsetsTable()),
                        ifNotExists(HISTORY_DDL, config.schemaHistoryTable())));
    }

    private static String ifNotExists(String ddl, String table) {
        return String.format(ddl.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS "), table);
    }
}
