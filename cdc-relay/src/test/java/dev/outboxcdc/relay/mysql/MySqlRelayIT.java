package dev.outboxcdc.relay.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.DatabaseTls;
import dev.outboxcdc.support.db.FlavorSetting;
import dev.outboxcdc.testsupport.ContainerInfrastructure;
import dev.outboxcdc.testsupport.TestQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MySQLContainer;

/**
 * The MySQL 8 path: the relay detects MySQL, runs Debezium's MySQL connector with Connector/J, and
 * delivers. Needs a Docker engine for a MySQL 8.4 container (configured from mysql-config/ like
 * docker-compose.yml); where there is none it is skipped, saying so.
 */
class MySqlRelayIT {

    @Test
    void theRelayDetectsMySql8AndDeliversEveryOutboxRow() throws Exception {
        assumeTrue(
                ContainerInfrastructure.dockerAvailable(),
                "No Docker engine here: the MySQL 8.4 tests need"
                        + " Testcontainers to start a MySQL container; this machine only has MariaDB, which the other ITs cover");
        try (MySQLContainer<?> mysql = ContainerInfrastructure.newMySql()) {
            mysql.start();
            Map<String, String> endpoint =
                    Map.of("DB_HOST", mysql.getHost(), "DB_PORT", Integer.toString(mysql.getMappedPort(3306)));
            // the schema's owner migrates, as the api does at its start
            DatabaseSettings api = new DatabaseSettings(
                    mysql.getHost(),
                    mysql.getMappedPort(3306),
                    "outbox",
                    "outbox_migration",
                    "migration-secret",
                    FlavorSetting.AUTO,
                    DatabaseTls.DRIVER_DEFAULT,
                    "");
            assertThat(api.resolveFlavor()).isEqualTo(DatabaseFlavor.MYSQL);
            try (HikariDataSource pool =
                    ConnectionPools.open(api, DatabaseFlavor.MYSQL, "mysql-it", 2, Duration.ofSeconds(30))) {
                ScratchDatabase.applyApiSchema(pool);
                String exchange = "it.mysql." + UUID.randomUUID();
                try (TestQueue queue = TestQueue.bound(TestEnvironment.get().amqp(), exchange, "#");
                        ServiceProcess relay = ServiceProcess.start(
                                "dev.outboxcdc.relay.Main",
                                TestEnvironment.get()
                                        .variables(merge(endpoint, Map.of(EventTopology.EXCHANGE_VARIABLE, exchange))),
                                "relay-mysql")) {
                    List<String> ids = insert(Jdbi.create(pool), 200);

                    await().atMost(Duration.ofSeconds(90))
                            .untilAsserted(() -> assertThat(queue.distinctIds()).containsAll(ids));
                    assertThat(relay.output()).contains("mysql connector");
                }
            }
        }
    }

    private static List<String> insert(Jdbi jdbi, int rows) {
        List<String> ids = new ArrayList<>();
        jdbi.useTransaction(handle -> {
            for (int i = 0; i < rows; i++) {
                String id = UUID.randomUUID().toString();
                handle.execute(
                        "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)"
                                + " VALUES (?, 'mysqlit', 'aggregate', 'Checked', '{}')",
                        id);
                ids.add(id);
            }
        });
        return ids;
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new java.util.HashMap<>(first);
        merged.putAll(second);
        return merged;
    }
}
