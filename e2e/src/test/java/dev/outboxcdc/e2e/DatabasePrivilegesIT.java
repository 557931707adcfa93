package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database users of mysql-config/init.sql, on the {@code outbox} database it sets up: each
 * service's user tries what it must not do — another service's tables, rows it only reads, any DDL
 * — and is refused by the server; and does what it must (in a transaction rolled back), so that a
 * refusal is the grant's and not a broken connection. docs/OPERATIONS.md lists the same probes.
 */
class DatabasePrivilegesIT {
    /** The server's "you may not": table, column, database access denied, privilege needed. */
    private static final Set<Integer> DENIED = Set.of(1142, 1143, 1044, 1227);

    private record Probe(String user, String password, String what, String sql) {}

    private static final List<Probe> FORBIDDEN = List.of(
            new Probe(
                    "outbox_api",
                    "api-secret",
                    "read the worker's processed messages",
                    "SELECT * FROM processed_messages"),
            new Probe("outbox_api", "api-secret", "read the relay's offsets", "SELECT * FROM relay_offsets"),
            new Probe("outbox_api", "api-secret", "read the audit log", "SELECT * FROM ops_audit"),
            new Probe(
                    "outbox_api", "api-secret", "write its migration history", "DELETE FROM customers_schema_history"),
            new Probe(
                    "outbox_api",
                    "api-secret",
                    "write the outbox's migration history",
                    "DELETE FROM outbox_schema_history"),
            new Probe("outbox_api", "api-secret", "create a table", "CREATE TABLE probe_api (id INT)"),
            new Probe("outbox_api", "api-secret", "alter its own table", "ALTER TABLE customers ADD COLUMN probe INT"),
            new Probe("outbox_api", "api-secret", "drop its own table", "DROP TABLE outbox"),
            new Probe("outbox_api", "api-secret", "index its own table", "CREATE INDEX probe ON customers (name)"),
            new Probe("outbox_relay", "relay-secret", "write customers", "UPDATE customers SET name = 'forged'"),
            new Probe("outbox_relay", "relay-secret", "read customers", "SELECT * FROM customers"),
            new Probe(
                    "outbox_relay",
                    "relay-secret",
                    "forge an outbox row",
                    "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)"
                            + " VALUES (UUID(), 'customer', 'x', 'CustomerCreated', '{}')"),
            new Probe("outbox_relay", "relay-secret", "read processed messages", "SELECT * FROM processed_messages"),
            new Probe("outbox_relay", "relay-secret", "drop its offsets table", "DROP TABLE relay_offsets"),
            new Probe("outbox_relay", "relay-secret", "create a table", "CREATE TABLE probe_relay (id INT)"),
            new Probe("outbox_worker", "worker-secret", "read customers", "SELECT * FROM customers"),
            new Probe("outbox_worker", "worker-secret", "read the outbox", "SELECT * FROM outbox"),
            new Probe(
                    "outbox_worker",
                    "worker-secret",
                    "forge an outbox row",
                    "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)"
                            + " VALUES (UUID(), 'customer', 'x', 'CustomerCreated', '{}')"),
            new Probe("outbox_worker", "worker-secret", "rewind the relay's offsets", "DELETE FROM relay_offsets"),
            new Probe(
                    "outbox_worker",
                    "worker-secret",
                    "alter its own table",
                    "ALTER TABLE processed_messages ADD COLUMN probe INT"),
            new Probe("outbox_worker", "worker-secret", "drop its own table", "DROP TABLE welcome_emails"),
            new Probe("outbox_ctl", "ctl-secret", "delete outbox rows", "DELETE FROM outbox"),
            new Probe("outbox_ctl", "ctl-secret", "change outbox rows", "UPDATE outbox SET payload = '{}'"),
            new Probe(
                    "outbox_ctl",
                    "ctl-secret",
                    "forge an outbox row",
                    "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)"
                            + " VALUES (UUID(), 'customer', 'x', 'CustomerCreated', '{}')"),
            new Probe("outbox_ctl", "ctl-secret", "erase the audit log", "DELETE FROM ops_audit"),
            new Probe("outbox_ctl", "ctl-secret", "write customers", "UPDATE customers SET name = 'forged'"),
            new Probe("outbox_ctl", "ctl-secret", "rewind the relay's offsets", "DELETE FROM relay_offsets"),
            new Probe("outbox_ctl", "ctl-secret", "drop the audit log", "DROP TABLE ops_audit"),
            new Probe("outbox_ctl", "ctl-secret", "create a table", "CREATE TABLE probe_ctl (id INT)"));

    private static final List<Probe> ALLOWED = List.of(
            new Probe("outbox_api", "api-secret", "write customers", "UPDATE customers SET name = name WHERE 1 = 0"),
            new Probe("outbox_api", "api-secret", "read the outbox", "SELECT COUNT(*) FROM outbox"),
            new Probe(
                    "outbox_relay",
                    "relay-secret",
                    "mark outbox rows",
                    "UPDATE outbox SET payload = payload WHERE 1 = 0"),
            new Probe(
                    "outbox_worker",
                    "worker-secret",
                    "read processed messages",
                    "SELECT COUNT(*) FROM processed_messages"),
            new Probe("outbox_ctl", "ctl-secret", "read the outbox", "SELECT COUNT(*) FROM outbox"),
            new Probe("outbox_ctl", "ctl-secret", "read the audit log", "SELECT COUNT(*) FROM ops_audit"));

    @BeforeAll
    static void theSchemaAsTheServicesMigrateIt() {
        DatabaseSettings owner = TestEnvironment.get().schemaOwner();
        for (String[] service : new String[][] {
            {"worker", "classpath:db/worker", "worker_schema_history"},
            {"outboxctl", "classpath:db/ctl", "ctl_schema_history"}
        }) {
            SchemaMigrations.apply(owner, owner.resolveFlavor(), service[0], service[1], service[2]);
        }
    }

    @Test
    void everyForbiddenStatementOfEveryServiceUserIsRefusedByTheServer() throws SQLException {
        List<String> accepted = new ArrayList<>();
        for (Probe probe : FORBIDDEN) {
            Outcome outcome = run(probe);
            System.out.printf("%-14s %-36s -> %s%n", probe.user(), probe.what(), outcome.text());
            if (!outcome.denied()) {
                accepted.add(probe.user() + " could " + probe.what() + ": " + outcome.text());
            }
        }
        System.out.printf(
                "%d forbidden statements tried, %d refused%n", FORBIDDEN.size(), FORBIDDEN.size() - accepted.size());

        assertThat(FORBIDDEN).hasSizeGreaterThanOrEqualTo(20);
        assertThat(accepted).isEmpty();
    }

    @Test
    void eachServiceUserStillDoesWhatItsServiceNeeds() throws SQLException {
        for (Probe probe : ALLOWED) {
            assertThat(run(probe).text())
                    .as("%s may %s", probe.user(), probe.what())
                    .isEqualTo("done");
        }
    }

    private record Outcome(boolean denied, String text) {}

    /** Runs the probe's statement in a transaction that is rolled back whatever happens. */
    private static Outcome run(Probe probe) throws SQLException {
        DatabaseSettings settings = TestEnvironment.get().database(probe.user(), probe.password());
        String url = settings.jdbcUrl(settings.resolveFlavor(), Duration.ofSeconds(30));
        try (Connection connection = DriverManager.getConnection(url, probe.user(), probe.password());
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute(probe.sql());
                return new Outcome(false, "done");
            } catch (SQLException e) {
                if (!DENIED.contains(e.getErrorCode())) {
                    throw new AssertionError(
                            probe + " failed otherwise than refused: " + e.getErrorCode() + " " + e.getMessage(), e);
                }
                return new Outcome(true, "refused (" + e.getErrorCode() + ": " + e.getMessage() + ")");
            } finally {
                connection.rollback();
            }
        }
    }
}
