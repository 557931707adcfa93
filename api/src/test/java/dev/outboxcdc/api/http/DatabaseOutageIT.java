package dev.outboxcdc.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.api.RunningApiExtension;
import dev.outboxcdc.api.RunningApiExtension.Response;
import dev.outboxcdc.harness.CuttableConnections;
import dev.outboxcdc.harness.TcpProxy;
import dev.outboxcdc.harness.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The api behind a connection we can cut: a database outage is a fast 503, and it recovers by itself. */
class DatabaseOutageIT {
    private final String email = "outage-" + UUID.randomUUID() + "@example.com";
    private final TestDatabase db = TestDatabase.admin();

    @AfterEach
    void cleanUp() {
        db.execute(
                "DELETE FROM outbox.outbox WHERE aggregateid IN (SELECT id FROM outbox.customers WHERE email = ?)",
                email);
        db.execute("DELETE FROM outbox.customers WHERE email = ?", email);
        db.close();
    }

    @Test
    void databaseOutageAnswers503ProblemWithinFiveSecondsAndServesAgainAfterwards() throws Exception {
        try (CuttableConnections connections = CuttableConnections.open();
                RunningApiExtension api = new RunningApiExtension(Map.of(
                        "DB_PORT", Integer.toString(connections.database().port())))) {
            TcpProxy proxy = connections.database();
            String body = "{\"email\":\"" + email + "\",\"name\":\"Ada\"}";
            proxy.cut();

            long started = System.nanoTime();
            Response duringOutage = api.postJson("/customers", body);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(duringOutage.status()).isEqualTo(503);
            assertThat(duringOutage.contentType()).startsWith("application/problem+json");
            assertThat(duringOutage.body()).doesNotContain("Exception");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(api.get("/health").status()).isEqualTo(503);
            assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE email = ?", email))
                    .isZero();

            proxy.restore();

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(api.postJson("/customers", body).status())
                                    .isEqualTo(201));
            assertThat(api.get("/health").status()).isEqualTo(200);
        }
    }
}
