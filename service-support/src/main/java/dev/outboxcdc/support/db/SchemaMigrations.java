package dev.outboxcdc.support.db;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies one service's Flyway migrations, as the schema's owner ({@link
 * DatabaseSettings#asSchemaOwner}), not as the service's own user, which has no DDL. Each service
 * owns its tables and keeps its own history table in the shared schema, so the baseline must be
 * version 0: with Flyway's default baseline (1) the second service to migrate would silently skip
 * its V1.
 */
public final class SchemaMigrations {
    private static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(10);

    private SchemaMigrations() {}

    /**
     * One Flyway location and the history table it keeps.
     *
     * @param former migrations a later location took over: applied only where their history table
     *     exists, so that a database an earlier release created reaches their last version before the
     *     locations that replaced them start (with {@code CREATE TABLE IF NOT EXISTS}); a new
     *     database never runs them
     */
    public record Location(String location, String historyTable, boolean former) {
        public static Location of(String location, String historyTable) {
            return new Location(location, historyTable, false);
        }

        public static Location former(String location, String historyTable) {
            return new Location(location, historyTable, true);
        }
    }

    /** Applies {@code locations} in their order, connected as {@code owner} for as long as they take. */
    public static void apply(DatabaseSettings owner, DatabaseFlavor flavor, String service, List<Location> locations) {
        try (HikariDataSource connection = ownerConnection(owner, flavor, service)) {
            apply(connection, locations);
        }
    }

    /** Applies {@code locations} in their order. */
    public static void apply(DataSource dataSource, List<Location> locations) {
        for (Location location : locations) {
            if (!location.former() || historyExists(dataSource, location.historyTable())) {
                apply(dataSource, location.location(), location.historyTable());
            }
        }
    }

    private static boolean historyExists(DataSource dataSource, String historyTable) {
        return Jdbi.create(dataSource)
                        .withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM information_schema.tables"
                                        + " WHERE table_schema = DATABASE() AND table_name = ?")
                                .bind(0, historyTable)
                                .mapTo(Integer.class)
                                .one())
                > 0;
    }

    /** Connects as {@code owner} for as long as the migrations take, then closes the connection. */
    public static void apply(
            DatabaseSettings owner, DatabaseFlavor flavor, String service, String location, String historyTable) {
        try (HikariDataSource connection = ownerConnection(owner, flavor, service)) {
            apply(connection, location, historyTable);
        }
    }

    public static void apply(DataSource dataSource, String location, String historyTable) {
        flyway(dataSource, location, historyTable).migrate();
    }

    /**
     * Whether migrations of {@code location} are not applied yet, asked as a user that may read the
     * history table ({@code asService}): for a tool that needs the schema's owner only then.
     */
    public static boolean pending(DataSource asService, String location, String historyTable) {
        return flyway(asService, location, historyTable).info().pending().length > 0;
    }

    private static Flyway flyway(DataSource dataSource, String location, String historyTable) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    /**
     * Runs {@code statements} as {@code owner}: DDL a service needs that cannot be a versioned
     * migration (the relay's tables, named after the relay); each must be idempotent ({@code
     * CREATE TABLE IF NOT EXISTS}).
     */
    public static void execute(DatabaseSettings owner, DatabaseFlavor flavor, String service, List<String> statements) {
        try (HikariDataSource connection = ownerConnection(owner, flavor, service)) {
            Jdbi.create(connection).useHandle(handle -> statements.forEach(handle::execute));
        }
    }

    private static HikariDataSource ownerConnection(DatabaseSettings owner, DatabaseFlavor flavor, String service) {
        return ConnectionPools.open(owner, flavor, service + "-migrations", 1, STATEMENT_TIMEOUT);
    }
}
