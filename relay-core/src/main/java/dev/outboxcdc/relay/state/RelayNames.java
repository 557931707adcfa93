package dev.outboxcdc.relay.state;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.RelayVariables;
import java.util.Locale;

/**
 * A relay's name ({@code RELAY_NAME}) and the database tables it keeps under that name. Only one
 * relay per name is active (its lease); another name keeps offsets and schema history of its own.
 */
public final class RelayNames {
    public static final String VARIABLE = RelayVariables.RELAY_NAME.name();
    public static final String DEFAULT =
            RelayVariables.RELAY_NAME.defaultValue().orElseThrow();

    private RelayNames() {}

    public static String fromEnv(Env env) {
        return env.get(RelayVariables.RELAY_NAME);
    }

    /** The table where the relay named {@code relayName} stores its binlog offsets: {@code relay_offsets} for the default name. */
    public static String offsetsTable(String relayName) {
        return tableFor(relayName, "relay_offsets");
    }

    /** The table of its Debezium schema history: {@code relay_schema_history} for the default name. */
    public static String schemaHistoryTable(String relayName) {
        return tableFor(relayName, "relay_schema_history");
    }

    // Debezium's JDBC stores keep one engine per table (a flush deletes every row), so two relay
    // names sharing a table would overwrite each other's offsets.
    private static String tableFor(String name, String base) {
        return name.equals(DEFAULT)
                ? base
                : base + "_" + name.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
    }
}
