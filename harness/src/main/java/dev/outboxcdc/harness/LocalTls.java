package dev.outboxcdc.harness;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ToolVariables;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.DatabaseTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's own TLS set-up as tests and tools reach it: the CA and server certificate that
 * {@code scripts/tls-certs.sh} made under {@code .infra/tls} (for the host name {@code localhost}),
 * the database on its usual port, and the TLS-only broker node of {@code scripts/broker-tls.sh}
 * ({@code amqps://localhost:5671}). {@code TLS=1} in the environment ({@code make chaos TLS=1}) makes
 * the harness and every service under test connect this way ({@link TestEnvironment}).
 */
public final class LocalTls {
    private static final Pattern CONNECTION_NAME = Pattern.compile("\\{\"connection_name\",longstr,\"([^\"]*)\"\\}");

    private LocalTls() {}

    /** Whether the environment asks for TLS on every link ({@code TLS=1}, as make exports it). */
    public static boolean requested() {
        return Env.system().get(ToolVariables.TLS).equals("1");
    }

    /** {@code .infra/tls} of the checkout. */
    public static Path directory() {
        return ProjectRoot.find().resolve(".infra").resolve("tls");
    }

    /** The project's CA, which signed the servers' certificate. */
    public static Path caFile() {
        return directory().resolve("ca.pem");
    }

    /** A file of {@code .infra/tls/refused}: other-ca.pem, expired-ca.pem, expired-server.pem/.key. */
    public static Path refused(String name) {
        return directory().resolve("refused").resolve(name);
    }

    public static int brokerPort() {
        return Env.system().get(ToolVariables.OUTBOX_INFRA_TLS_BROKER_PORT);
    }

    /** What a service (or the harness) is given to connect to both servers with TLS, checking both. */
    public static Map<String, String> settings() {
        String ca = caFile().toString();
        return Map.of(
                "DB_HOST",
                "localhost",
                "DB_TLS",
                DatabaseTls.VERIFY_FULL.name().toLowerCase(Locale.ROOT),
                DatabaseSettings.TLS_CA_VARIABLE,
                ca,
                "AMQP_URI",
                "amqps://guest:guest@localhost:" + brokerPort() + "/%2F",
                "AMQP_ADDRESSES",
                "",
                "AMQP_TLS_CA_FILE",
                ca);
    }

    /** {@code require_secure_transport} of the database: ON refuses every plaintext TCP connection. */
    public static void requireOfDatabase(DatabaseSettings admin, boolean required) {
        try (TestDatabase db = new TestDatabase(admin)) {
            db.execute("SET GLOBAL require_secure_transport = " + (required ? "ON" : "OFF"));
        }
    }

    /** A session of the database server: its user, command, transport ('SSL/TLS', 'TCP/IP', 'Socket') and cipher. */
    public record DatabaseSession(long id, String user, String command, String transport, String cipher) {}

    /** Every client session of the server now (performance_schema, which mysql-config turns on). */
    public static List<DatabaseSession> databaseSessions(DatabaseSettings admin) {
        try (TestDatabase db = new TestDatabase(admin)) {
            return db.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT t.PROCESSLIST_ID, t.PROCESSLIST_USER,"
                                    + " t.PROCESSLIST_COMMAND, t.CONNECTION_TYPE, s.VARIABLE_VALUE"
                                    + " FROM performance_schema.threads t LEFT JOIN performance_schema.status_by_thread s"
                                    + " ON s.THREAD_ID = t.THREAD_ID AND s.VARIABLE_NAME = 'Ssl_cipher'"
                                    + " WHERE t.TYPE = 'FOREGROUND' AND t.PROCESSLIST_ID IS NOT NULL"
                                    + " AND t.PROCESSLIST_USER IS NOT NULL")
                            .map((rows, context) -> new DatabaseSession(
                                    rows.getLong(1),
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getString(4),
                                    rows.getString(5) == null ? "" : rows.getString(5)))
                            .list());
        }
    }

    /** What the servers say of the services' links now: each database session of {@code users}, each AMQP connection. */
    public record Tally(List<DatabaseSession> sessions, List<BrokerConnection> connections) {
        public long encryptedSessions() {
            return sessions.stream()
                    .filter(session -> session.transport().equals("SSL/TLS")
                            && !session.cipher().isEmpty())
                    .count();
        }

        public long encryptedConnections() {
            return connections.stream().filter(BrokerConnection::tls).count();
        }

        public boolean allEncrypted() {
            return encryptedSessions() == sessions.size() && encryptedConnections() == connections.size();
        }

        public String line() {
            return String.format(
                    "TLS: %d of %d database sessions of the services encrypted, %d of %d AMQP connections",
                    encryptedSessions(), sessions.size(), encryptedConnections(), connections.size());
        }
    }

    /** The services' users of mysql-config/init.sql. */
    public static final Set<String> SERVICE_USERS = Set.of("outbox_api", "outbox_relay", "outbox_worker");

    public static Tally tally(DatabaseSettings admin) throws IOException, InterruptedException {
        return new Tally(
                databaseSessions(admin).stream()
                        .filter(session -> SERVICE_USERS.contains(session.user()))
                        .toList(),
                brokerConnections());
    }

    /** An AMQP connection of the TLS broker node: its user, whether it is TLS, the protocol, its name. */
    public record BrokerConnection(String user, boolean tls, String protocol, String name) {}

    /** Every connection of the TLS broker node now ({@code rabbitmqctl list_connections}). */
    public static List<BrokerConnection> brokerConnections() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        ProjectRoot.find().resolve("scripts/broker-tls.sh").toString(),
                        "ctl",
                        "1",
                        "-q",
                        "list_connections",
                        "user",
                        "ssl",
                        "ssl_protocol",
                        "client_properties")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("rabbitmqctl list_connections on the TLS node failed: " + output);
        }
        List<BrokerConnection> connections = new ArrayList<>();
        for (String line : output.strip().split("\n")) {
            String[] columns = line.split("\t", 4);
            if (columns.length < 4 || columns[0].equals("user")) {
                continue;
            }
            Matcher name = CONNECTION_NAME.matcher(columns[3]);
            connections.add(new BrokerConnection(
                    columns[0], columns[1].equals("true"), columns[2], name.find() ? name.group(1) : "(unnamed)"));
        }
        return connections;
    }
}
