package dev.outboxcdc.api.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import org.junit.jupiter.api.Test;

/** The server the project starts is set up as mysql-config/ says: row binlog, least-privilege users. */
class DatabaseSetupIT {

    @Test
    void theBinaryLogIsRowBasedWithFullRowImages() {
        try (TestDatabase admin = TestDatabase.admin()) {
            String settings = admin.jdbi()
                    .withHandle(handle -> handle.createQuery(
                                    "SELECT CONCAT(@@log_bin, ' ', @@binlog_format, ' ', @@binlog_row_image)")
                            .mapTo(String.class)
                            .one());
            assertThat(settings).isIn("1 ROW FULL", "ON ROW FULL");
        }
    }

    @Test
    void theApiUserCannotReadTheBinaryLog() {
        try (TestDatabase api = new TestDatabase(TestEnvironment.get().database("outbox_api", "api-secret"))) {
            assertThatThrownBy(() -> api.jdbi()
                            .useHandle(handle -> handle.createQuery("SHOW BINLOG EVENTS LIMIT 1")
                                    .mapToMap()
                                    .list()))
                    .hasMessageContaining("Access denied");
        }
    }

    @Test
    void theWorkerUserCannotReadTheApisTables() {
        try (TestDatabase worker = new TestDatabase(TestEnvironment.get().database("outbox_worker", "worker-secret"))) {
            assertThatThrownBy(() -> worker.count("SELECT COUNT(*) FROM outbox.customers"))
                    .hasMessageContaining("denied");
        }
    }
}
