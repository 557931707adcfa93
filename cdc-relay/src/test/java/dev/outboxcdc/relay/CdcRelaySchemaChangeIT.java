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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Columns added to the outbox table and to another table while the relay streams under load, in a
 * database of its own (the DDL must not touch the demo's tables).
 */
class CdcRelaySchemaChangeIT {

    @Test
    void columnsAddedToOutboxAndCustomersWhileStreamingUnderLoadLoseNoEvent() throws Exception {
        String exchange = "it.schema-change." + UUID.randomUUID();
        try (ScratchDatabase database = ScratchDatabase.create("schema-change").withApiSchema();
                TestDatabase admin = TestDatabase.admin();
                TestQueue queue = TestQueue.bound(TestEnvironment.get().amqp(), exchange, "#");
                ServiceProcess relay = RelayInOwnDatabase.start(database, "it-schema-change", exchange, 5611)) {
            List<String> written = new CopyOnWriteArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    String id = UUID.randomUUID().toString();
                    admin.execute(
                            "INSERT INTO " + database.table("outbox")
                                    + " (id, aggregatetype, aggregateid, type, payload)"
                                    + " VALUES (?, 'schema', 'a', 'Changed', '{}')",
                            id);
                    written.add(id);
                }
            });
            writer.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> queue.distinctIds().size() >= 50);

            admin.execute("ALTER TABLE " + database.table("outbox") + " ADD COLUMN note VARCHAR(40) NULL");
            admin.execute("ALTER TABLE " + database.table("customers") + " ADD COLUMN nickname VARCHAR(40) NULL");
            int atChange = written.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> written.size() >= atChange + 200);
            writing.set(false);
            writer.join();

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(queue.distinctIds()).containsAll(written));
            assertThat(written.size()).isGreaterThan(atChange);
            assertThat(relay.isAlive()).isTrue();
        }
    }
}
