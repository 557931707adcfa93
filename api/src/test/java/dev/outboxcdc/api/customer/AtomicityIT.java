package dev.outboxcdc.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.api.ApiSchema;
import dev.outboxcdc.api.http.Json;
import dev.outboxcdc.api.idempotency.IdempotencyKeys;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.producer.OutboxWriter;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import dev.outboxcdc.support.db.TransactionalDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The api's transaction on the api's own wiring: a manual-commit pool ({@link TransactionalDatabase}),
 * where a transaction that is never committed would look like success and leave nothing behind.
 */
class AtomicityIT {
    private final UUID customerId = UUID.randomUUID();
    private final UUID takenEventId = UUID.randomUUID();
    private final UUID laterCustomerId = UUID.randomUUID();
    private final UUID laterEventId = UUID.randomUUID();
    private final TestDatabase db = TestDatabase.admin();

    @AfterEach
    void cleanUp() {
        db.execute("DELETE FROM outbox.outbox WHERE id = ?", takenEventId.toString());
        db.execute("DELETE FROM outbox.outbox WHERE id = ?", laterEventId.toString());
        db.execute(
                "DELETE FROM outbox.customers WHERE id IN (?, ?)", customerId.toString(), laterCustomerId.toString());
        db.close();
    }

    @Test
    void whenTheOutboxInsertFailsNoCustomerRowRemainsAndTheNextRegistrationCommits() {
        DatabaseSettings apiUser = TestEnvironment.get().database("outbox_api", "api-secret");
        // One connection: the registration after the rollback must reuse the connection that failed.
        try (HikariDataSource pool = TransactionalDatabase.pool(
                apiUser, apiUser.resolveFlavor(), "atomicity-it", 1, Duration.ofSeconds(10))) {
            DatabaseSettings owner = TestEnvironment.get().schemaOwner();
            SchemaMigrations.apply(owner, owner.resolveFlavor(), "atomicity-it", ApiSchema.LOCATIONS);
            // A real failure of the second insert: its event id is already in the outbox.
            db.execute(
                    "INSERT INTO outbox.outbox (id, aggregatetype, aggregateid, type, payload)"
                            + " VALUES (?, 'test', 'test', 'Occupied', '{}')",
                    takenEventId.toString());
            Iterator<UUID> ids = List.of(customerId, takenEventId, laterCustomerId, laterEventId)
                    .iterator();
            CustomerRegistration registration = new CustomerRegistration(
                    TransactionalDatabase.jdbi(pool),
                    new CustomerRepository(),
                    OutboxWriter.create(EventSchemas.load(), Json.mapper()),
                    new IdempotencyKeys(Duration.ofHours(1), Duration.ofSeconds(1), Clock.systemUTC()),
                    ids::next,
                    Json.mapper(),
                    Clock.systemUTC(),
                    "en");

            assertThatThrownBy(() -> registration.register(
                            new NewCustomer("atomic-" + customerId + "@example.com", "Ada", Optional.empty())))
                    .isInstanceOf(StatementException.class)
                    .hasMessageContaining("uq_outbox_id");
            registration.register(
                    new NewCustomer("atomic-" + laterCustomerId + "@example.com", "Grace", Optional.empty()));
        }

        // Read by another session after the api's pool is closed: only committed rows are seen.
        assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE id = ?", customerId.toString()))
                .isZero();
        assertThat(db.count("SELECT COUNT(*) FROM outbox.outbox WHERE aggregateid = ?", customerId.toString()))
                .isZero();
        assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE id = ?", laterCustomerId.toString()))
                .isOne();
        assertThat(db.count(
                        "SELECT COUNT(*) FROM outbox.outbox WHERE id = ? AND aggregateid = ?",
                        laterEventId.toString(),
                        laterCustomerId.toString()))
                .isOne();
    }
}
