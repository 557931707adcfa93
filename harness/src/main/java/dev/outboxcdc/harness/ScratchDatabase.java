package dev.outboxcdc.harness;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A database of its own on the shared server, for one service stack or benchmark stage: created with
 * the service users' grants (those mysql-config/init.sql gives them on {@code outbox}, at database
 * level), and dropped, grants revoked, on {@link #close()}.
 *
 * <p>Why: a relay captures only its own database's {@code outbox} table, so rows written here never
 * reach the {@code make run} demo's relay, and nothing a run leaves behind (outbox rows, the
 * relay's offset tables) outlives it.
 */
public final class ScratchDatabase implements AutoCloseable {
    /** Each service user and what it may do in the scratch database. */
    private static final Map<String, String> GRANTS = Map.of(
            "outbox_api", "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES",
            "outbox_relay", "SELECT, INSERT, UPDATE, DELETE, CREATE",
            "outbox_worker", "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP",
            "outbox_ctl", "SELECT");

    /**
     * outboxctl's own tables, the only ones it may write (its audit log and that log's migration
     * history): granted per table, as mysql-config/init.sql does.
     */
    private static final Map<String, String> CTL_TABLE_GRANTS = Map.of(
            "ops_audit", "SELECT, INSERT, UPDATE, CREATE, ALTER, INDEX",
            "ctl_schema_history", "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP");

    private static final int MAX_NAME_LENGTH = 64;

    private final String name;

    private ScratchDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code scratch_<purpose>_<unique>} and grants the service users on it. */
    public static ScratchDatabase create(String purpose) {
        String unique = Long.toHexString(System.nanoTime());
        String cleaned = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String name =
                "scratch_" + cleaned.substring(0, Math.min(cleaned.length(), MAX_NAME_LENGTH - 9 - unique.length()))
                        + "_" + unique;
        try (TestDatabase admin = TestDatabase.admin()) {
            admin.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            GRANTS.forEach((user, privileges) ->
                    admin.execute("GRANT " + privileges + " ON " + name + ".* TO '" + user + "'@'%'"));
            CTL_TABLE_GRANTS.forEach((table, privileges) ->
                    admin.execute("GRANT " + privileges + " ON " + name + "." + table + " TO 'outbox_ctl'@'%'"));
        }
        return new ScratchDatabase(name);
    }

    public String name() {
        return name;
    }

    /** {@code table} qualified with this database, for the admin connection (which uses {@code outbox}). */
    public String table(String table) {
        return name + "." + table;
    }

    /** Creates the api's tables (customers, outbox) as the api would, from its migration files. */
    public ScratchDatabase withApiSchema() {
        applyApiSchema(settings("outbox_api", "api-secret"));
        return this;
    }

    /** How {@code user} reaches this database. */
    public DatabaseSettings settings(String user, String password) {
        DatabaseSettings shared = TestEnvironment.get().database(user, password);
        return new DatabaseSettings(
                shared.host(),
                shared.port(),
                name,
                shared.user(),
                shared.password(),
                shared.flavor(),
                shared.tls(),
                shared.jdbcParameters());
    }

    static void applyApiSchema(DatabaseSettings api) {
        try (HikariDataSource pool =
                ConnectionPools.open(api, api.resolveFlavor(), "test-schema", 1, Duration.ofSeconds(60))) {
            SchemaMigrations.apply(
                    pool,
                    "filesystem:" + ProjectRoot.find().resolve("api/src/main/resources/db/api"),
                    "api_schema_history");
        }
    }

    @Override
    public void close() {
        try (TestDatabase admin = TestDatabase.admin()) {
            admin.execute("DROP DATABASE IF EXISTS " + name);
            GRANTS.keySet()
                    .forEach(user -> admin.execute("REVOKE ALL PRIVILEGES ON " + name + ".* FROM '" + user + "'@'%'"));
            CTL_TABLE_GRANTS
                    .keySet()
                    .forEach(table ->
                            admin.execute("REVOKE ALL PRIVILEGES ON " + name + "." + table + " FROM 'outbox_ctl'@'%'"));
        }
    }
}
