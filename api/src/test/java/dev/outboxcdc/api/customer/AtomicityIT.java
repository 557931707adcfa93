package dev.outboxcdc.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.api.http.Json;
import dev.outboxcdc.api.outbox.OutboxWriter;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import dev.outboxcdc.testsupport.TestDatabase;
import dev.outboxcdc.testsupport.TestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AtomicityIT {
    private final UUID customerId = UUID.randomUUID();
    private final UUID takenEventId = UUID.randomUUID();
    private final TestDatabase db = TestDatabase.admin();

    @AfterEach
    void cleanUp() {
        db.execute("DELETE FROM outbox.outbox WHERE id = ?", takenEventId.toString());
        db.execute("DELETE FROM outbox.customers WHERE id = ?", customerId.toString());
        db.close();
    }

    @Test
    void whenTheOutboxInsertFailsNoCustomerRowRemains() {
        DatabaseSettings apiUser = TestEnvironment.get().database("outbox_api", "api-secret");
        try (HikariDataSource pool = ConnectionPools.open(apiUser, apiUser.resolveFlavor(), "atomicity-it", 2, Duration.ofSeconds(10))) {
            SchemaMigrations.apply(pool, "classpath:db/api", "api_schema_history");
            // A real failure of the second insert: its event id is already in the outbox.
            db.execute("INSERT INTO outbox.outbox (id, aggregatetype, aggregateid, type, payload)"
                    + " VALUES (?, 'test', 'test', 'Occupied', '{}')", takenEventId.toString());
            Iterator<UUID> ids = List.of(customerId, takenEventId).iterator();
            CustomerRegistration registration = new CustomerRegistration(Jdbi.create(pool), new CustomerRepository(),
                    new OutboxWriter(), ids::next, Json.mapper(), Clock.systemUTC());

            assertThatThrownBy(() -> registration.register(new NewCustomer("atomic-" + customerId + "@example.com", "Ada")))
                    .isInstanceOf(StatementException.class)
                    .hasMessageContaining("uq_outbox_id");
        }

        assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE id = ?", customerId.toString())).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM outbox.outbox WHERE aggregateid = ?", customerId.toString())).isZero();
    }
}
