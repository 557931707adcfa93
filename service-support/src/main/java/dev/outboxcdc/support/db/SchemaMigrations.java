package dev.outboxcdc.support.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies one service's Flyway migrations. Each service owns its tables and keeps its own history
 * table in the shared schema, so the baseline must be version 0: with Flyway's default baseline
 * (1) the second service to migrate would silently skip its V1.
 */
public final class SchemaMigrations {
    private SchemaMigrations() {}

    public static void apply(DataSource dataSource, String location, String historyTable) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
