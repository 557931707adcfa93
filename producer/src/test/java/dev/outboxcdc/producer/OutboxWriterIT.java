package dev.outboxcdc.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.contract.outbox.OutboxTable;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import dev.outboxcdc.support.db.SchemaMigrations.Location;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The producer as another service would use it: its own table and the contract's outbox table in
 * one database, written by a service user without DDL, the change and its event in one transaction.
 */
class OutboxWriterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ScratchDatabase database;
    private static HikariDataSource service;
    private static Jdbi jdbi;

    private final OutboxWriter outbox = OutboxWriter.create(JSON);

    @BeforeAll
    static void aServiceWithItsOwnTableAndTheOutbox() {
        database = ScratchDatabase.create("producer");
        DatabaseSettings shared = TestEnvironment.get().schemaOwner();
        DatabaseSettings owner = database.settings(shared.user(), shared.password());
        SchemaMigrations.apply(
                owner,
                owner.resolveFlavor(),
                "producer-it",
                List.of(Location.of(OutboxTable.MIGRATIONS, OutboxTable.MIGRATION_HISTORY)));
        SchemaMigrations.execute(
                owner,
                owner.resolveFlavor(),
                "producer-it",
                List.of("CREATE TABLE accounts (id VARCHAR(36) PRIMARY KEY, email VARCHAR(254) NOT NULL)"));
        DatabaseSettings user = database.settings("outbox_api", "api-secret");
        service = ConnectionPools.open(user, user.resolveFlavor(), "producer-it", 2, Duration.ofSeconds(10));
        jdbi = Jdbi.create(service);
    }

    @AfterAll
    static void dropIt() {
        service.close();
        database.close();
    }

    @Test
    void theChangeAndItsEventAreCommittedTogether() throws Exception {
        String id = UUID.randomUUID().toString();
        OutboxEvent event = created(id);
        try (Connection connection = service.getConnection()) {
            connection.setAutoCommit(false);
            insertAccount(connection, id);
            outbox.append(connection, event);
            connection.commit();
        }

        Map<String, Object> row = outboxRow(event.id());
        assertThat(row)
                .containsEntry(OutboxTable.AGGREGATE_TYPE, "customer")
                .containsEntry(OutboxTable.AGGREGATE_ID, id)
                .containsEntry(OutboxTable.TYPE, "CustomerCreated")
                .containsEntry(OutboxTable.TRACE_CONTEXT, null);
        assertThat(((Number) row.get(OutboxTable.SCHEMA_VERSION)).intValue())
                .as("the newest version of CustomerCreated")
                .isEqualTo(2);
        assertThat(JSON.readTree((String) row.get(OutboxTable.PAYLOAD))).isEqualTo(JSON.valueToTree(event.payload()));
        assertThat(accounts(id)).isEqualTo(1);
    }

    @Test
    void aRolledBackTransactionLeavesNeitherTheChangeNorTheEvent() throws Exception {
        String id = UUID.randomUUID().toString();
        OutboxEvent event = created(id);
        try (Connection connection = service.getConnection()) {
            connection.setAutoCommit(false);
            insertAccount(connection, id);
            outbox.append(connection, event);
            connection.rollback();
        }

        assertThat(events(event.id())).isZero();
        assertThat(accounts(id)).isZero();
    }

    @Test
    void anEventThatDoesNotMatchItsSchemaIsRefusedAndNothingIsWritten() throws Exception {
        String id = UUID.randomUUID().toString();
        OutboxEvent noEmail =
                OutboxEvent.of("customer", id, "CustomerCreated", Map.of("id", id, "name", "Ada", "version", 1));
        try (Connection connection = service.getConnection()) {
            connection.setAutoCommit(false);
            insertAccount(connection, id);
            assertThatThrownBy(() -> outbox.append(connection, noEmail))
                    .isInstanceOf(EventSchemaViolationException.class)
                    .hasMessageContaining("CustomerCreated v2")
                    .hasMessageContaining("email")
                    .satisfies(e -> assertThat(((EventSchemaViolationException) e).violations())
                            .isNotEmpty());
            connection.rollback();
        }
        assertThat(events(noEmail.id())).isZero();
        assertThat(accounts(id)).isZero();
    }

    @Test
    void anUnknownTypeOrAnotherAggregatesTypeIsRefused() {
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> jdbi.useTransaction(handle ->
                        outbox.append(handle, OutboxEvent.of("customer", id, "CustomerDeleted", Map.of("id", id)))))
                .isInstanceOf(EventSchemaViolationException.class)
                .hasMessageContaining("no schema for event type CustomerDeleted");
        assertThatThrownBy(() -> jdbi.useTransaction(handle -> outbox.append(
                        handle,
                        OutboxEvent.of(
                                "order", id, "CustomerCreated", created(id).payload()))))
                .isInstanceOf(EventSchemaViolationException.class)
                .hasMessageContaining("aggregate type customer, not order");
    }

    @Test
    void withJdbiTheEventIsWrittenInTheHandlesTransactionAndAFailureIsJdbis() {
        String id = UUID.randomUUID().toString();
        OutboxEvent event = created(id);
        jdbi.useTransaction(handle -> {
            handle.execute("INSERT INTO accounts (id, email) VALUES (?, ?)", id, id + "@example.com");
            outbox.append(handle, event);
        });
        assertThat(events(event.id())).isEqualTo(1);

        assertThatThrownBy(() -> jdbi.useTransaction(handle -> outbox.append(handle, event)))
                .as("the same event id twice")
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasCauseInstanceOf(SQLIntegrityConstraintViolationException.class);
        assertThat(events(event.id())).isEqualTo(1);
    }

    @Test
    void theCurrentSpansTraceparentIsStoredWithTheEvent() throws Exception {
        String id = UUID.randomUUID().toString();
        OutboxEvent event = created(id);
        Span span = Span.wrap(SpanContext.create(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                TraceFlags.getSampled(),
                TraceState.getDefault()));
        try (Scope current = span.makeCurrent();
                Connection connection = service.getConnection()) {
            outbox.append(connection, event);
        }

        assertThat(outboxRow(event.id()))
                .containsEntry(OutboxTable.TRACE_CONTEXT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void theLibraryDocumentsExampleRegistersAnAccountWithItsEvent() throws Exception {
        String id = new Registrations(service).register("grace@example.com", "Grace Hopper");

        assertThat(accounts(id)).isEqualTo(1);
        List<String> types =
                jdbi.withHandle(handle -> handle.createQuery("SELECT type FROM outbox WHERE aggregateid = ?")
                        .bind(0, id)
                        .mapTo(String.class)
                        .list());
        assertThat(types).containsExactly("CustomerCreated");
        assertThatThrownBy(() -> new Registrations(service).register("grace@example.com", ""))
                .as("a name the schema refuses: the account's insert is rolled back with it")
                .isInstanceOf(EventSchemaViolationException.class);
        long graces = jdbi.withHandle(
                handle -> handle.createQuery("SELECT COUNT(*) FROM accounts WHERE email = 'grace@example.com'")
                        .mapTo(Long.class)
                        .one());
        assertThat(graces).isEqualTo(1);
    }

    private static OutboxEvent created(String id) {
        return OutboxEvent.of(
                "customer",
                id,
                "CustomerCreated",
                Map.of(
                        "id",
                        id,
                        "name",
                        "Ada Lovelace",
                        "email",
                        id + "@example.com",
                        "locale",
                        "en-GB",
                        "createdAt",
                        "2026-12-07T09:15:02.123456Z",
                        "version",
                        1));
    }

    private static void insertAccount(Connection connection, String id) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO accounts (id, email) VALUES (?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, id + "@example.com");
            insert.executeUpdate();
        }
    }

    private static Map<String, Object> outboxRow(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM outbox WHERE id = ?")
                .bind(0, id.toString())
                .mapToMap()
                .one());
    }

    private static long events(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM outbox WHERE id = ?")
                .bind(0, id.toString())
                .mapTo(Long.class)
                .one());
    }

    private static long accounts(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM accounts WHERE id = ?")
                .bind(0, id)
                .mapTo(Long.class)
                .one());
    }
}
