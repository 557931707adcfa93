package dev.outboxcdc.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The api's schema as its start migrates it ({@link ApiSchema}): the outbox table from the
 * contract's location, the api's own tables from its; and a database an earlier release created,
 * at any version of the api's former location, ends up with the same tables, column for column.
 */
class ApiSchemaIT {
    @Test
    void aNewDatabaseGetsTheOutboxFromTheContractAndNeverRunsTheFormerLocation() {
        try (ScratchDatabase database = ScratchDatabase.create("api-schema-new");
                HikariDataSource owner = ownerOf(database)) {
            SchemaMigrations.apply(owner, ApiSchema.LOCATIONS);

            Jdbi jdbi = Jdbi.create(owner);
            assertThat(tables(jdbi))
                    .contains("outbox", "customers", "idempotency_keys")
                    .contains("outbox_schema_history", "customers_schema_history")
                    .doesNotContain("api_schema_history");
        }
    }

    @Test
    void aDatabaseOfAnEarlierReleaseIsBroughtToTheSameTables() {
        List<String> expected;
        try (ScratchDatabase database = ScratchDatabase.create("api-schema-expected");
                HikariDataSource owner = ownerOf(database)) {
            SchemaMigrations.apply(owner, ApiSchema.LOCATIONS);
            expected = columns(Jdbi.create(owner));
        }
        for (String formerVersion : List.of("1", "2", "3", "4")) {
            try (ScratchDatabase database = ScratchDatabase.create("api-schema-v" + formerVersion);
                    HikariDataSource owner = ownerOf(database)) {
                // What an earlier release's api left: its former location up to that version.
                Flyway.configure()
                        .dataSource(owner)
                        .locations("classpath:db/api")
                        .table("api_schema_history")
                        .target(formerVersion)
                        .load()
                        .migrate();
                Jdbi jdbi = Jdbi.create(owner);
                jdbi.useHandle(
                        handle -> handle.execute("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)"
                                + " VALUES ('00000000-0000-0000-0000-000000000001', 'customer', 'c', 'T', '{}')"));

                SchemaMigrations.apply(owner, ApiSchema.LOCATIONS);

                List<String> upgraded = columns(jdbi);
                System.out.printf(
                        "former location at V%s: %d columns after the upgrade, %d in a new database%n",
                        formerVersion, upgraded.size(), expected.size());
                assertThat(upgraded).as("from V" + formerVersion).isEqualTo(expected);
                assertThat(number(jdbi, "SELECT MAX(CAST(version AS UNSIGNED)) FROM api_schema_history"))
                        .isEqualTo(4);
                assertThat(number(jdbi, "SELECT schemaversion FROM outbox WHERE aggregateid = 'c'"))
                        .as("the row written before the upgrade, kept")
                        .isEqualTo(1);
            }
        }
    }

    private static HikariDataSource ownerOf(ScratchDatabase database) {
        DatabaseSettings shared = TestEnvironment.get().schemaOwner();
        DatabaseSettings owner = database.settings(shared.user(), shared.password());
        return ConnectionPools.open(owner, owner.resolveFlavor(), "api-schema-it", 1, Duration.ofSeconds(60));
    }

    private static int number(Jdbi jdbi, String query) {
        return jdbi.withHandle(
                handle -> handle.createQuery(query).mapTo(Integer.class).one());
    }

    private static List<String> tables(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")
                .mapTo(String.class)
                .list());
    }

    /** Every column of the api's tables with its type, nullability, default and position. */
    private static List<String> columns(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT CONCAT_WS(' ', table_name, ordinal_position,"
                        + " column_name, column_type, is_nullable, IFNULL(column_default, '-'), extra)"
                        + " FROM information_schema.columns WHERE table_schema = DATABASE()"
                        + " AND table_name IN ('outbox', 'customers', 'idempotency_keys')"
                        + " ORDER BY table_name, ordinal_position")
                .mapTo(String.class)
                .list());
    }
}
