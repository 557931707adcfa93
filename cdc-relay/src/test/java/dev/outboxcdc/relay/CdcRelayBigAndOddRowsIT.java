package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.testsupport.TestQueue;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;

/**
 * A bulk import (100,000 outbox rows in one transaction) and a 1 MB payload, with the relay's usual
 * heap; rows another writer leaves in a table without the api's constraints. Each in a database
 * of its own.
 */
class CdcRelayBigAndOddRowsIT {
    private static final int BULK_ROWS = 100_000;

    @Test
    void aHundredThousandRowTransactionAndAOneMegabytePayloadAreDeliveredCompletelyWithinFourHundredMegabytes()
            throws Exception {
        String exchange = "it.big-rows." + UUID.randomUUID();
        try (ScratchDatabase database = ScratchDatabase.create("big-rows").withApiSchema();
                TestDatabase admin = TestDatabase.admin();
                TestQueue queue = TestQueue.bound(TestEnvironment.get().amqp(), exchange, "#");
                ServiceProcess relay = RelayInOwnDatabase.start(database, "it-big-rows", exchange, 5612)) {
            String big = UUID.randomUUID().toString();
            admin.execute(
                    "INSERT INTO " + database.table("outbox") + " (id, aggregatetype, aggregateid, type, payload)"
                            + " VALUES (?, 'bulk', 'big', 'Big', ?)",
                    big,
                    "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> queue.distinctIds().contains(big));

            admin.jdbi().useTransaction(handle -> {
                PreparedBatch batch = handle.prepareBatch(
                        "INSERT INTO " + database.table("outbox")
                                + " (id, aggregatetype, aggregateid, type, payload) VALUES (UUID(), 'bulk', 'import', 'Imported', :payload)");
                for (int i = 0; i < BULK_ROWS; i++) {
                    batch.bind("payload", "{\"n\":" + i + "}").add();
                    if (batch.size() == 5_000) {
                        batch.execute();
                    }
                }
                if (batch.size() > 0) {
                    batch.execute();
                }
            });
            AtomicLong peakRss = new AtomicLong();
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        peakRss.accumulateAndGet(relay.residentMegabytes(), Math::max);
                        return queue.distinctIds().size() >= BULK_ROWS + 1;
                    });

            assertThat(queue.distinctIds()).hasSize(BULK_ROWS + 1);
            System.out.println("relay peak RSS while delivering " + BULK_ROWS + " rows and a 1 MB payload: "
                    + peakRss.get() + " MB");
            assertThat(peakRss.get()).as("relay peak RSS, MB").isPositive().isLessThanOrEqualTo(400);
            assertThat(relay.isAlive()).isTrue();
        }
    }

    @Test
    void rowsWithoutPayloadOrWithTextThatIsNotJsonNeitherStallNorStopTheRelay() throws Exception {
        String exchange = "it.odd-rows." + UUID.randomUUID();
        try (ScratchDatabase database = ScratchDatabase.create("odd-rows").withApiSchema();
                TestDatabase admin = TestDatabase.admin()) {
            // Another writer's table: no NOT NULL, no JSON check on the payload.
            admin.execute("ALTER TABLE " + database.table("outbox") + " DROP CONSTRAINT ck_outbox_payload_json");
            admin.execute("ALTER TABLE " + database.table("outbox") + " MODIFY payload MEDIUMTEXT NULL");
            try (TestQueue queue = TestQueue.bound(TestEnvironment.get().amqp(), exchange, "#");
                    ServiceProcess relay = RelayInOwnDatabase.start(database, "it-odd-rows", exchange, 5613)) {
                String noPayload = insert(admin, database, null);
                String notJson = insert(admin, database, "this is not { json");
                String ordinary = insert(admin, database, "{\"ok\":true}");

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> queue.distinctIds().containsAll(List.of(noPayload, notJson, ordinary)));
                assertThat(queue.receivedOf(Set.of(noPayload)))
                        .singleElement()
                        .satisfies(message -> assertThat(message.body()).isEmpty());
                assertThat(queue.receivedOf(Set.of(notJson)))
                        .singleElement()
                        .satisfies(message -> assertThat(message.body()).isEqualTo("this is not { json"));
                assertThat(relay.output())
                        .contains("outbox row " + noPayload + " has no payload")
                        .contains("1 odd rows since start");
                assertThat(relay.isAlive()).isTrue();
            }
        }
    }

    private static String insert(TestDatabase admin, ScratchDatabase database, String payload) {
        String id = UUID.randomUUID().toString();
        admin.execute(
                "INSERT INTO " + database.table("outbox") + " (id, aggregatetype, aggregateid, type, payload)"
                        + " VALUES (?, 'odd', 'a', 'Odd', ?)",
                id,
                payload);
        return id;
    }
}
