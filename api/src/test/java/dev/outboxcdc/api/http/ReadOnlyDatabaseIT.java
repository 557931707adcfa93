package dev.outboxcdc.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.api.RunningApiExtension;
import dev.outboxcdc.api.RunningApiExtension.Response;
import dev.outboxcdc.harness.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A database left read-only (a failover gone wrong: {@code SET GLOBAL read_only=1}) answers every
 * query and refuses every write: the api says so in its readiness, refuses registrations with a 503
 * and writes nothing, and is ready again once the database takes writes.
 */
class ReadOnlyDatabaseIT {
    @Test
    void aReadOnlyDatabaseMakesTheApiNotReadyWithTheReasonAndRefusesWritesUntilItIsWritable() throws Exception {
        String email = "read-only-" + UUID.randomUUID() + "@example.com";
        String body = "{\"email\":\"" + email + "\",\"name\":\"Ada\"}";
        Thread writableAtExit = new Thread(ReadOnlyDatabaseIT::writable, "read-only-reset");
        try (TestDatabase db = TestDatabase.admin();
                RunningApiExtension api = new RunningApiExtension(Map.of())) {
            assertThat(api.get("/health/ready").status()).isEqualTo(200);
            Runtime.getRuntime().addShutdownHook(writableAtExit);
            try {
                db.execute("SET GLOBAL read_only = 1");
                Response ready = api.get("/health/ready");
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.body()).contains("\"status\":\"READ_ONLY\"").contains("read_only=ON");
                assertThat(api.postJson("/customers", body).status()).isEqualTo(503);
                assertThat(api.get("/metrics").body()).contains("outbox_database_read_only{service=\"api\"} 1.0");
            } finally {
                writable();
                Runtime.getRuntime().removeShutdownHook(writableAtExit);
            }
            assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE email = ?", email))
                    .as("nothing written while read-only")
                    .isZero();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/health/ready").status() == 200);
            assertThat(api.postJson("/customers", body).status()).isEqualTo(201);
            db.execute(
                    "DELETE FROM outbox.outbox WHERE aggregateid IN (SELECT id FROM outbox.customers WHERE email = ?)",
                    email);
            db.execute("DELETE FROM outbox.customers WHERE email = ?", email);
        }
    }

    private static void writable() {
        try (TestDatabase db = TestDatabase.admin()) {
            db.execute("SET GLOBAL read_only = 0");
        }
    }
}
