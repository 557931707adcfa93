package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.consumer.internal.amqp.IncomingMessage;
import dev.outboxcdc.consumer.internal.receive.Handlers;
import dev.outboxcdc.consumer.internal.receive.IdempotentReceiver;
import dev.outboxcdc.consumer.internal.receive.ProcessedMessages;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import dev.outboxcdc.support.db.TransactionalDatabase;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import dev.outboxcdc.worker.handler.CustomerUpdatedHandler;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One batch of a customer's events, as a consumer receives it, against the real database. */
class BatchOrderingIT {
    private final String consumer = "batch-ordering-" + UUID.randomUUID();
    private final AtomicLong tags = new AtomicLong();
    private final TestDatabase db = TestDatabase.admin();
    private HikariDataSource pool;
    private IdempotentReceiver receiver;

    @BeforeEach
    void start() {
        DatabaseSettings worker = TestEnvironment.get().database("outbox_worker", "worker-secret");
        pool = TransactionalDatabase.pool(
                worker, worker.resolveFlavor(), "batch-ordering-it", 2, Duration.ofSeconds(10));
        DatabaseSettings owner = TestEnvironment.get().schemaOwner();
        SchemaMigrations.apply(
                owner, owner.resolveFlavor(), "batch-ordering-it", "classpath:db/worker", "worker_schema_history");
        receiver = new IdempotentReceiver(
                TransactionalDatabase.jdbi(pool),
                new ProcessedMessages(consumer),
                handlers(),
                EventSchemas.load(),
                new ObjectMapper(),
                OpenTelemetry.noop().getTracer("batch-ordering-it"));
    }

    /** The worker's handlers, registered as the worker registers them. */
    private static Handlers handlers() {
        Handlers handlers = new Handlers();
        CustomerCreatedHandler created = new CustomerCreatedHandler();
        created.versions().forEach(version -> handlers.add(created.type(), version, created));
        handlers.add(CustomerEvents.UPDATED, 1, new CustomerUpdatedHandler());
        return handlers;
    }

    @AfterEach
    void stop() {
        pool.close();
        db.execute("DELETE FROM outbox.processed_messages WHERE consumer = ?", consumer);
        db.close();
    }

    @Test
    void versionsDeliveredOutOfOrderWithinOneBatchAreAppliedInVersionOrder() {
        String customer = UUID.randomUUID().toString();

        IdempotentReceiver.Outcome outcome = receiver.receive(
                List.of(created(customer), updated(customer, 3, "Ada v3"), updated(customer, 2, "Ada v2")));

        assertThat(outcome.handled()).isEqualTo(3);
        assertThat(db.count("SELECT version FROM outbox.customer_directory WHERE id = ? AND name = 'Ada v3'", customer))
                .isEqualTo(3);
        assertThat(appliedVersions(customer)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anUpdateDeliveredBeforeItsCreateInTheSameBatchIsAppliedAfterItWithoutWaiting() {
        String customer = UUID.randomUUID().toString();

        IdempotentReceiver.Outcome outcome =
                receiver.receive(List.of(updated(customer, 2, "Ada v2"), created(customer)));

        assertThat(outcome.handled()).isEqualTo(2);
        assertThat(appliedVersions(customer)).containsExactly(1L, 2L);
    }

    @Test
    void anUpdateWhosePredecessorIsMissingWaitsWithItsSuccessorsWhileTheRestOfTheBatchCommits() {
        String ready = UUID.randomUUID().toString();
        String unknown = UUID.randomUUID().toString();
        IncomingMessage waitsForVersion1 = updated(unknown, 2, "Grace v2");
        IncomingMessage waitsBehindIt = updated(unknown, 3, "Grace v3");

        IdempotentReceiver.Outcome outcome =
                receiver.receive(List.of(created(ready), waitsForVersion1, updated(ready, 2, "Ada v2"), waitsBehindIt));

        assertThat(outcome.hold())
                .extracting(failure -> failure.message().messageId())
                .containsExactlyInAnyOrder(waitsForVersion1.messageId(), waitsBehindIt.messageId());
        assertThat(outcome.retry()).isEmpty();
        assertThat(appliedVersions(ready)).containsExactly(1L, 2L);
        assertThat(appliedVersions(unknown)).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM outbox.processed_messages WHERE consumer = ?", consumer))
                .as("the waiting ones are not recorded as processed: they come back")
                .isEqualTo(2);
    }

    private List<Long> appliedVersions(String customer) {
        return db.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT version FROM outbox.customer_directory_changes WHERE customer_id = ? ORDER BY seq")
                        .bind(0, customer)
                        .mapTo(Long.class)
                        .list());
    }

    private IncomingMessage created(String customer) {
        return message(
                "CustomerCreated",
                "{\"id\":\"" + customer + "\",\"name\":\"Ada\",\"email\":\"" + customer
                        + "@example.com\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"version\":1}");
    }

    private IncomingMessage updated(String customer, long version, String name) {
        return message(
                "CustomerUpdated",
                "{\"id\":\"" + customer + "\",\"name\":\"" + name + "\",\"email\":\"" + customer
                        + "@example.com\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"version\":" + version + "}");
    }

    private IncomingMessage message(String type, String body) {
        String id = UUID.randomUUID().toString();
        AMQP.BasicProperties properties =
                new AMQP.BasicProperties.Builder().messageId(id).type(type).build();
        return new IncomingMessage(
                tags.incrementAndGet(), id, type, body, 1, 0, properties, body.getBytes(StandardCharsets.UTF_8));
    }
}
