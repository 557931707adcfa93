package dev.outboxcdc.relay.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.DatabaseTls;
import dev.outboxcdc.support.db.FlavorSetting;
import dev.outboxcdc.testsupport.ContainerInfrastructure;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MySQLContainer;

/**
 * On MySQL 8 a stored position is recognised by its GTID set, as Debezium's MySQL connector
 * resumes: after a failover the binlog file names differ, the GTIDs do not. Needs a Docker engine
 * for a MySQL 8.4 container; where there is none it is skipped, saying so ({@link StoredOffsetsIT}
 * covers MariaDB against the real server).
 */
class MySqlStoredOffsetsIT {

    @Test
    void aStoredPositionIsRecognisedByItsGtidsWhateverTheBinlogFileIsCalled() {
        assumeTrue(
                ContainerInfrastructure.dockerAvailable(),
                "No Docker engine here: the MySQL 8.4 tests need"
                        + " Testcontainers to start a MySQL container; StoredOffsetsIT covers the MariaDB GTID check");
        try (MySQLContainer<?> mysql = ContainerInfrastructure.newMySql()) {
            mysql.start();
            DatabaseSettings admin = new DatabaseSettings(
                    mysql.getHost(),
                    mysql.getMappedPort(3306),
                    "outbox",
                    "outbox_admin",
                    "admin-secret",
                    FlavorSetting.AUTO,
                    DatabaseTls.DRIVER_DEFAULT,
                    "");
            try (HikariDataSource pool =
                    ConnectionPools.open(admin, DatabaseFlavor.MYSQL, "mysql-offsets-it", 1, Duration.ofSeconds(30))) {
                Jdbi jdbi = Jdbi.create(pool);
                jdbi.useHandle(handle -> handle.execute("CREATE TABLE offsets_it (offset_val TEXT NOT NULL)"));
                String executed = jdbi.withHandle(handle -> handle.createQuery("SELECT @@GLOBAL.gtid_executed")
                        .mapTo(String.class)
                        .one());
                StoredOffsets offsets = new StoredOffsets(jdbi, DatabaseFlavor.MYSQL, "offsets_it");

                store(jdbi, "promoted-replica-bin.000042", executed);
                assertThat(offsets.stored()).isPresent();
                assertThat(offsets.purgedPosition())
                        .as("every transaction of it is here, under other file names")
                        .isEmpty();

                store(jdbi, "promoted-replica-bin.000042", executed + ",3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5");
                assertThat(offsets.purgedPosition())
                        .as("transactions this server never executed: another history")
                        .isPresent();
            }
        }
    }

    private static void store(Jdbi jdbi, String file, String gtids) {
        jdbi.useHandle(handle -> {
            handle.execute("DELETE FROM offsets_it");
            handle.createUpdate("INSERT INTO offsets_it VALUES (:offset)")
                    .bind(
                            "offset",
                            "{\"file\":\"" + file + "\",\"pos\":1234,\"gtids\":\"" + gtids.replace("\n", "") + "\"}")
                    .execute();
        });
    }
}
