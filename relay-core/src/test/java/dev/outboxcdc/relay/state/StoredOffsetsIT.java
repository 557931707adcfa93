package dev.outboxcdc.relay.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A stored position is recognised by its GTIDs, as Debezium's MariaDB connector resumes: on a
 * promoted replica the binlog file names differ, the GTIDs do not. Against the real server.
 */
class StoredOffsetsIT {

    @Test
    void aPositionWhoseFileTheServerNeverHadIsAvailableByGtidUnlessItsTransactionsArePurgedOrUnknown() {
        DatabaseSettings admin = TestEnvironment.get().admin();
        Assumptions.assumeTrue(
                admin.resolveFlavor() == DatabaseFlavor.MARIADB, "MariaDB GTIDs; MySQL's are another format");
        try (ScratchDatabase database = ScratchDatabase.create("stored-offsets");
                TestDatabase shared = TestDatabase.admin()) {
            DatabaseSettings inScratch = database.settings(admin.user(), admin.password());
            try (HikariDataSource pool = ConnectionPools.open(
                    inScratch, DatabaseFlavor.MARIADB, "stored-offsets-it", 1, Duration.ofSeconds(30))) {
                Jdbi jdbi = Jdbi.create(pool);
                jdbi.useHandle(handle -> handle.execute("CREATE TABLE offsets (offset_val TEXT NOT NULL)"));
                shared.purgeBinaryLogsButTheNewest(Duration.ofSeconds(60));
                jdbi.useHandle(
                        handle -> handle.execute("INSERT INTO offsets VALUES ('{}')")); // a transaction in the new file
                Map<Long, Long> end = MariaDbGtids.sequenceByDomain(
                        jdbi.withHandle(handle -> handle.createQuery("SELECT @@gtid_binlog_pos")
                                .mapTo(String.class)
                                .one()));
                long domain = end.keySet().iterator().next();
                long last = end.get(domain);
                StoredOffsets offsets = new StoredOffsets(jdbi, DatabaseFlavor.MARIADB, "offsets");

                store(jdbi, "promoted-replica-bin.000042", domain + "-1-" + last);
                assertThat(offsets.purgedPosition())
                        .as("the replica's GTIDs are here, under other file names")
                        .isEmpty();

                store(jdbi, "promoted-replica-bin.000042", domain + "-1-" + (last - 2));
                assertThat(offsets.purgedPosition())
                        .as("transactions after it were purged with the old files")
                        .isPresent();

                store(jdbi, "promoted-replica-bin.000042", domain + "-1-" + (last + 1_000));
                assertThat(offsets.purgedPosition())
                        .as("beyond the server's end: another history")
                        .isPresent();
            }
        }
    }

    private static void store(Jdbi jdbi, String file, String gtids) {
        jdbi.useHandle(handle -> {
            handle.execute("DELETE FROM offsets");
            handle.createUpdate("INSERT INTO offsets VALUES (:offset)")
                    .bind(
                            "offset",
                            "{\"file\":\"" + file + "\",\"pos\":1234,\"gtids\":\"" + gtids
                                    + "\",\"ts_sec\":1764300000}")
                    .execute();
        });
    }
}
