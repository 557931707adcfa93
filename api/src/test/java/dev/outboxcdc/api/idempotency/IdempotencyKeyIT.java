package dev.outboxcdc.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.api.RunningApiExtension;
import dev.outboxcdc.api.RunningApiExtension.Response;
import dev.outboxcdc.api.customer.CustomerHandlers;
import dev.outboxcdc.harness.CuttableConnections;
import dev.outboxcdc.harness.TcpProxy;
import dev.outboxcdc.harness.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /customers} with an {@code Idempotency-Key}, against the real database. */
class IdempotencyKeyIT {
    private static RunningApiExtension api;
    private final String run = "idem-" + UUID.randomUUID().toString().substring(0, 8);
    private final String key = UUID.randomUUID().toString();
    private final TestDatabase db = TestDatabase.admin();

    @BeforeAll
    static void start() {
        api = new RunningApiExtension();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @AfterEach
    void cleanUp() {
        db.execute(
                "DELETE FROM outbox.outbox WHERE aggregateid IN (SELECT id FROM outbox.customers WHERE email LIKE ?)",
                run + "%");
        db.execute("DELETE FROM outbox.customers WHERE email LIKE ?", run + "%");
        db.execute("DELETE FROM outbox.idempotency_keys WHERE idempotency_key LIKE ?", key + "%");
        db.close();
    }

    private String body(String who) {
        return "{\"email\":\"" + run + "-" + who + "@example.com\",\"name\":\"Ada\"}";
    }

    private long customers(String who) {
        return db.count("SELECT COUNT(*) FROM outbox.customers WHERE email = ?", run + "-" + who + "@example.com");
    }

    private long events(String who) {
        return db.count(
                "SELECT COUNT(*) FROM outbox.outbox o JOIN outbox.customers c ON c.id = o.aggregateid WHERE c.email = ?",
                run + "-" + who + "@example.com");
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheFirstResponseBackAndWritesNothing() throws Exception {
        Response first = api.postJson("/customers", body("ada"), "Idempotency-Key", key);
        Response retry = api.postJson("/customers", body("ada"), "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header(CustomerHandlers.IDEMPOTENT_REPLAYED)).isEmpty();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.location())
                .isEqualTo(first.location())
                .isEqualTo("/customers/" + first.json().get("id").asText());
        assertThat(retry.header(CustomerHandlers.IDEMPOTENT_REPLAYED)).contains("true");
        assertThat(customers("ada")).isEqualTo(1);
        assertThat(events("ada")).isEqualTo(1);
    }

    @Test
    void theReplayIsTheOriginalResponseEvenAfterTheCustomerChanged() throws Exception {
        Response first = api.postJson("/customers", body("ada"), "Idempotency-Key", "\"" + key + "\"");
        api.patch(first.location(), "application/json", "{\"name\":\"Ada Lovelace\"}".getBytes());

        Response retry = api.postJson(
                "/customers", "{\"name\":\"Ada\",\"email\":\"" + run + "-ada@example.com\"}", "Idempotency-Key", key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body()).contains("\"name\":\"Ada\"");
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndWritesNothing() throws Exception {
        assertThat(api.postJson("/customers", body("ada"), "Idempotency-Key", key)
                        .status())
                .isEqualTo(201);

        Response reused = api.postJson("/customers", body("grace"), "Idempotency-Key", key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.json().get("type").asText()).isEqualTo("/problems/idempotency-key-reused");
        assertThat(customers("grace")).isZero();
    }

    @Test
    void anExpiredKeyIsANewKey() throws Exception {
        Response first = api.postJson("/customers", body("ada"), "Idempotency-Key", key);
        db.execute(
                "UPDATE outbox.idempotency_keys SET expires_at = NOW(6) - INTERVAL 1 SECOND WHERE idempotency_key = ?",
                key);

        Response afterExpiry = api.postJson("/customers", body("grace"), "Idempotency-Key", key);

        assertThat(afterExpiry.status()).isEqualTo(201);
        assertThat(afterExpiry.json().get("id").asText())
                .isNotEqualTo(first.json().get("id").asText());
        assertThat(customers("grace")).isEqualTo(1);
        assertThat(db.count(
                        "SELECT COUNT(*) FROM outbox.idempotency_keys WHERE idempotency_key = ? AND expires_at > NOW(6)",
                        key))
                .isEqualTo(1);
    }

    @Test
    void theExpiryJobDeletesExpiredKeysInBatchesAndKeepsLiveOnes() {
        db.jdbi().useHandle(handle -> {
            var expired = handle.prepareBatch(
                    "INSERT INTO outbox.idempotency_keys (idempotency_key, fingerprint, response_status,"
                            + " response_body, created_at, expires_at) VALUES (?, REPEAT('0', 64), 201, '{}', NOW(6) - INTERVAL 2 DAY,"
                            + " NOW(6) - INTERVAL 1 DAY)");
            for (int i = 0; i < 2_500; i++) {
                expired.add(key + "-" + i);
            }
            expired.execute();
        });
        db.execute(
                "INSERT INTO outbox.idempotency_keys (idempotency_key, fingerprint, response_status, response_body, created_at,"
                        + " expires_at) VALUES (?, REPEAT('0', 64), 201, '{}', NOW(6), NOW(6) + INTERVAL 1 DAY)",
                key + "-live");
        IdempotencyKeys keys =
                new IdempotencyKeys(Duration.ofHours(24), Duration.ofSeconds(1), java.time.Clock.systemUTC());

        int deleted = new IdempotencyKeyExpiry(db.jdbi(), keys).deleteExpired();

        assertThat(deleted).isGreaterThanOrEqualTo(2500);
        assertThat(db.count("SELECT COUNT(*) FROM outbox.idempotency_keys WHERE idempotency_key LIKE ?", key + "-%"))
                .isEqualTo(1);
    }

    @Test
    void twentyConcurrentIdenticalRequestsWithOneKeyMakeOneCustomerAndOneEvent() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(clients.submit(() -> api.postJson("/customers", body("ada"), "Idempotency-Key", key)));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get());
            }

            // Each waits (at most 1 s) for the one holding the key: then it gets its answer, or 409 if it is still
            // running.
            assertThat(responses)
                    .extracting(Response::status)
                    .allSatisfy(status -> assertThat(status).isIn(201, 409))
                    .contains(201);
            assertThat(responses)
                    .filteredOn(response -> response.header(CustomerHandlers.IDEMPOTENT_REPLAYED)
                            .isPresent())
                    .hasSize((int) responses.stream()
                                    .filter(response -> response.status() == 201)
                                    .count()
                            - 1);
            assertThat(responses)
                    .filteredOn(response -> response.status() == 201)
                    .extracting(Response::body)
                    .containsOnly(responses.stream()
                            .filter(response -> response.status() == 201)
                            .findFirst()
                            .orElseThrow()
                            .body());
            assertThat(responses)
                    .filteredOn(response -> response.status() == 409)
                    .allSatisfy(busy -> assertThat(busy.json().get("type").asText())
                            .isEqualTo("/problems/idempotency-key-in-flight"));
            assertThat(customers("ada")).isEqualTo(1);
            assertThat(events("ada")).isEqualTo(1);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void malformedKeysAre400AndWriteNothing() throws Exception {
        for (String malformed : List.of("", "\"\"", "x".repeat(256), "has space", "\"unterminated", "back\\slash")) {
            Response response = api.postJson("/customers", body("ada"), "Idempotency-Key", malformed);

            assertThat(response.status()).as("key '%s'", malformed).isEqualTo(400);
            assertThat(response.json().get("type").asText()).isEqualTo("/problems/invalid-idempotency-key");
        }
        Response twice = api.postJson("/customers", body("ada"), "Idempotency-Key", key, "Idempotency-Key", key + "2");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("detail").asText()).contains("sent 2 times");
        assertThat(customers("ada")).isZero();
    }

    @Test
    void theCommitWhoseAnswerWasLostIsReturnedToTheRetryWithItsKey() throws Exception {
        try (CuttableConnections connections = CuttableConnections.open();
                RunningApiExtension behindProxy = new RunningApiExtension(Map.of(
                        "DB_PORT", Integer.toString(connections.database().port())))) {
            TcpProxy database = connections.database();
            database.holdRepliesOnceClientSends("COMMIT");
            CompletableFuture<Response> firstAttempt = CompletableFuture.supplyAsync(() -> {
                try {
                    return behindProxy.postJson("/customers", body("ada"), "Idempotency-Key", key);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> database.bytesHeld() > 0);
            database.cut();

            Response lost = firstAttempt.get();
            assertThat(lost.status())
                    .as("the client never learnt of the commit")
                    .isEqualTo(503);
            assertThat(customers("ada")).as("but the customer was committed").isEqualTo(1);
            String committedId = db.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT id FROM outbox.customers WHERE email = ?")
                            .bind(0, run + "-ada@example.com")
                            .mapTo(String.class)
                            .one());

            database.restore();
            Response retry = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> behindProxy.postJson("/customers", body("ada"), "Idempotency-Key", key),
                            response -> response.status() != 503);

            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.json().get("id").asText()).isEqualTo(committedId);
            assertThat(retry.location()).isEqualTo("/customers/" + committedId);
            assertThat(retry.header(CustomerHandlers.IDEMPOTENT_REPLAYED)).contains("true");
            assertThat(customers("ada")).isEqualTo(1);
            assertThat(events("ada")).isEqualTo(1);
        }
    }
}
