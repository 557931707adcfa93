package dev.outboxcdc.harness;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.contract.outbox.OutboxTable;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import dev.outboxcdc.support.db.SchemaMigrations.Location;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

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
            "outbox_migration", "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES",
            "outbox_api", "SELECT, INSERT, UPDATE, DELETE",
            "outbox_relay", "SELECT, INSERT, UPDATE, DELETE",
            "outbox_worker", "SELECT, INSERT, UPDATE, DELETE",
            "outbox_ctl", "SELECT");

    /**
     * outboxctl's own table, the only one it may write (its audit log): granted per table, as
     * mysql-config/init.sql does (with CREATE, the only way for a table not created yet, then
     * without it).
     */
    private static final Map<String, String> CTL_TABLE_GRANTS = Map.of("ops_audit", "SELECT, INSERT, UPDATE");

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
            CTL_TABLE_GRANTS.forEach((table, privileges) -> {
                admin.execute("GRANT " + privileges + ", CREATE ON " + name + "." + table + " TO 'outbox_ctl'@'%'");
                admin.execute("REVOKE CREATE ON " + name + "." + table + " FROM 'outbox_ctl'@'%'");
            });
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

    /** Creates the api's tables (customers, outbox) as the api would (as the schema's owner), from its migration files. */
    public ScratchDatabase withApiSchema() {
        DatabaseSettings owner = TestEnvironment.get().schemaOwner();
        applyApiSchema(settings(owner.user(), owner.password()));
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

    static void applyApiSchema(DatabaseSettings owner) {
        try (HikariDataSource pool =
                ConnectionPools.open(owner, owner.resolveFlavor(), "test-schema", 1, Duration.ofSeconds(60))) {
            applyApiSchema(pool);
        }
    }

    /**
     * The schema as the api migrates it at its start (api's {@code ApiSchema}, which the harness,
     * below the api, cannot name): the api's former location where a database has it, the contract's
     * outbox table, the api's tables.
     */
    public static void applyApiSchema(DataSource owner) {
        Path api = ProjectRoot.find().resolve("api/src/main/resources/db");
        SchemaMigrations.apply(
                owner,
                List.of(
                        Location.former("filesystem:" + api.resolve("api"), "api_schema_history"),
                        Location.of(OutboxTable.MIGRATIONS, OutboxTable.MIGRATION_HISTORY),
                        Location.of("filesystem:" + api.resolve("customers"), "customers_schema_history")));
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
