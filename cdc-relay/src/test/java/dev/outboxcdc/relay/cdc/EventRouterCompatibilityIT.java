package dev.outboxcdc.relay.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.relay.RelayConfig;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.tracing.Tracing;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Debezium's own Outbox Event Router SMT over change records of OUR outbox table, captured by the
 * embedded engine exactly as the relay captures them: what a Debezium Server or Kafka Connect user
 * gets from this table. The transform settings are the ones docs/SCALING.md gives.
 */
class EventRouterCompatibilityIT {
    /** docs/SCALING.md's transform, with the prefix Debezium Server and Kafka Connect both use. */
    static final Map<String, String> EVENT_ROUTER = Map.of(
            "transforms",
            "outbox",
            "transforms.outbox.type",
            "io.debezium.transforms.outbox.EventRouter",
            "transforms.outbox.route.topic.replacement",
            "outbox.event.${routedByValue}",
            "transforms.outbox.table.fields.additional.placement",
            "type:header:eventType,aggregatetype:header:aggregate_type,aggregateid:header:aggregate_id,"
                    + "tracingspancontext:header:traceparent");

    @Test
    void theEventRouterTurnsOurOutboxRowsIntoKeyedRoutedEventsWithIdTypeAndTraceHeaders() throws Exception {
        String customer = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String payload = "{\"id\":\"" + customer + "\",\"name\":\"Ada\",\"email\":\"ada@example.com\",\"version\":1}";
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        List<SourceRecord> routed = new CopyOnWriteArrayList<>();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (ScratchDatabase database = ScratchDatabase.create("event-router").withApiSchema();
                TestDatabase admin = TestDatabase.admin()) {
            RelayConfig config = RelayConfig.fromEnv(TestEnvironment.get()
                    .env(Map.of(
                            "DB_NAME",
                            database.name(),
                            "RELAY_NAME",
                            "it-event-router-" + Long.toHexString(System.nanoTime()),
                            "RELAY_SERVER_ID",
                            "5690")));
            DatabaseFlavor flavor = config.database().resolveFlavor();
            RelayTables.create(config, flavor); // as the relay does before its engine: its user has no DDL
            Properties properties = EngineProperties.of(
                    config, config.database(), flavor, RelayConfig.SnapshotMode.WHEN_NEEDED, Optional.empty());
            EVENT_ROUTER.forEach(properties::setProperty);
            DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(
                            ChangeEventFormat.of(Connect.class))
                    .using(properties)
                    .notifying((records, committer) -> {
                        for (RecordChangeEvent<SourceRecord> record : records) {
                            routed.add(record.record());
                            committer.markProcessed(record);
                        }
                        committer.markBatchFinished();
                    })
                    .build();
            try (engine;
                    FencedOffsetStore.Registration fence = FencedOffsetStore.register(config.offsetsTable(), HELD)) {
                runner.submit(engine);
                admin.execute(
                        "INSERT INTO " + database.table("outbox") + " (id, aggregatetype, aggregateid, type, payload,"
                                + " tracingspancontext) VALUES (?, 'customer', ?, 'CustomerCreated', ?, ?)",
                        eventId,
                        customer,
                        payload,
                        traceparent);

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> routed.stream().anyMatch(record -> eventId.equals(header(record, "id"))));
            }
        } finally {
            runner.shutdownNow();
        }

        SourceRecord event = routed.stream()
                .filter(record -> eventId.equals(header(record, "id")))
                .findFirst()
                .orElseThrow();
        assertThat(event.topic()).as("routed by aggregatetype").isEqualTo("outbox.event.customer");
        assertThat(event.key())
                .as("keyed by aggregateid: one partition per customer")
                .isEqualTo(customer);
        assertThat(event.value()).as("the payload column, byte for byte").isEqualTo(payload);
        assertThat(header(event, "eventType")).isEqualTo("CustomerCreated");
        assertThat(header(event, MessageHeaders.AGGREGATE_TYPE)).isEqualTo("customer");
        assertThat(header(event, MessageHeaders.AGGREGATE_ID)).isEqualTo(customer);
        assertThat(header(event, Tracing.TRACEPARENT)).isEqualTo(traceparent);
    }

    /** This engine runs without a lease: its offset store may always write. */
    private static final FencedOffsetStore.Fence HELD = new FencedOffsetStore.Fence() {
        @Override
        public boolean leaseHeld() {
            return true;
        }

        @Override
        public void stored() {}

        @Override
        public void refused() {}
    };

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null || header.value() == null ? null : header.value().toString();
    }
}
