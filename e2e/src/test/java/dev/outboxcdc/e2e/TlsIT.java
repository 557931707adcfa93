package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.harness.LocalTls;
import dev.outboxcdc.harness.LocalTls.BrokerConnection;
import dev.outboxcdc.harness.LocalTls.DatabaseSession;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.tools.LoadTest;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.report.Report;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on every link, run for real: the test database is made to refuse plaintext connections
 * ({@code require_secure_transport=ON}, for this class's time), the broker is the project's TLS-only
 * node (scripts/broker-tls.sh), and the services connect with {@code DB_TLS=verify_full} and
 * {@code amqps://}, trusting the project's CA ({@link LocalTls}). What the servers say about every
 * session proves it: each database session's transport and cipher (performance_schema), each AMQP
 * connection's {@code ssl} (rabbitmqctl). Then the four ways a link must be refused, on each link.
 */
class TlsIT {
    private static ServiceStack stack;
    private static DatabaseSettings admin;
    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        // made while plaintext is still accepted: the stack's scratch database, by the plain admin
        stack = new ServiceStack("tls", LocalTls.settings());
        admin = stack.admin();
        LocalTls.requireOfDatabase(admin, true);
        db = new TestDatabase(admin);
        stack.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (stack != null) {
                stack.stopServices();
            }
            if (db != null) {
                db.close();
            }
        } finally {
            LocalTls.requireOfDatabase(admin, false);
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    void everyConnectionOfTheStackIsEncryptedAndNoEventIsLost() throws Exception {
        String runId = "tls" + UUID.randomUUID().toString().substring(0, 8);
        Report report = new LoadTest(new PipelineVerifier(db.jdbi(), stack.database.name(), stack.consumer), System.out)
                .run(new LoadOptions(stack.apiUrl, 0, 8, Duration.ofMinutes(2), 300, runId, 0), Duration.ofSeconds(90));
        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.handled()).isEqualTo(300);

        LocalTls.Tally tally = LocalTls.tally(admin);
        List<DatabaseSession> sessions = tally.sessions();
        List<BrokerConnection> connections = tally.connections();
        sessions.forEach(session -> System.out.printf(
                "database session %d %-13s %-12s %-8s %s%n",
                session.id(), session.user(), session.command(), session.transport(), session.cipher()));
        connections.forEach(connection -> System.out.printf(
                "broker connection %-28s %-6s tls=%s %s%n",
                connection.name(), connection.user(), connection.tls(), connection.protocol()));
        System.out.println(tally.line());

        assertThat(sessions)
                .extracting(DatabaseSession::user)
                .as("each service's sessions are among them")
                .containsAll(LocalTls.SERVICE_USERS);
        assertThat(sessions)
                .as("the relay's binlog reader among them")
                .anyMatch(session -> session.user().equals("outbox_relay")
                        && session.command().startsWith("Binlog Dump"));
        assertThat(connections.size()).as("the relay's and the worker's").isGreaterThanOrEqualTo(2);
        assertThat(tally.allEncrypted()).as(tally.line()).isTrue();
        assertThatThrownBy(() -> DriverManager.getConnection(
                                TestEnvironment.get().admin().jdbcUrl(admin.resolveFlavor(), Duration.ofSeconds(5)),
                                admin.user(),
                                admin.password())
                        .close())
                .as("a plaintext connection to the database")
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied");
    }

    @Test
    void aDatabaseLinkThatIsNotTheRightTlsStopsTheServiceAtStartWithOneLineNamingTheSetting() throws Exception {
        assertRefusedAtStart(
                "a CA that did not sign the server's certificate",
                Map.of("DB_TLS_CA_FILE", LocalTls.refused("other-ca.pem").toString()),
                "not signed by a CA in DB_TLS_CA_FILE='" + LocalTls.refused("other-ca.pem") + "'");
        assertRefusedAtStart(
                "a host name the certificate does not hold",
                Map.of("DB_HOST", "127.0.0.1"),
                "does not name the host '127.0.0.1' that DB_HOST gives");
        assertRefusedAtStart(
                "an expired certificate",
                Map.of("DB_TLS_CA_FILE", LocalTls.refused("expired-ca.pem").toString()),
                "Invalid DB_TLS_CA_FILE='" + LocalTls.refused("expired-ca.pem") + "': the certificate");
        assertRefusedAtStart(
                "plaintext",
                Map.of("DB_TLS", "driver_default", "DB_TLS_CA_FILE", "", "DB_HOST", "127.0.0.1"),
                "in over TLS only; set DB_TLS=verify_full");
    }

    @Test
    void aBrokerLinkThatIsNotTheRightTlsStopsTheServiceAtStartWithOneLineNamingTheSetting() throws Exception {
        String tlsPort = Integer.toString(LocalTls.brokerPort());
        assertRefusedAtStart(
                "a CA that did not sign the broker's certificate",
                Map.of("AMQP_TLS_CA_FILE", LocalTls.refused("other-ca.pem").toString()),
                "not signed by a CA in AMQP_TLS_CA_FILE='" + LocalTls.refused("other-ca.pem") + "'");
        assertRefusedAtStart(
                "a host name the certificate does not hold",
                Map.of("AMQP_URI", "amqps://guest:guest@127.0.0.1:" + tlsPort + "/%2F"),
                "does not name the host '127.0.0.1' that AMQP_URI gives");
        try (ExpiredCertificateServer expired = new ExpiredCertificateServer()) {
            assertRefusedAtStart(
                    "a broker whose certificate has expired",
                    Map.of("AMQP_URI", "amqps://guest:guest@localhost:" + expired.port() + "/%2F"),
                    "the server's certificate has expired");
        }
        assertRefusedAtStart(
                "plaintext",
                Map.of("AMQP_URI", "amqp://guest:guest@localhost:" + tlsPort + "/%2F", "AMQP_TLS_CA_FILE", ""),
                "set AMQP_URI to amqps://");
    }

    /** Starts a worker with the stack's TLS settings but {@code changed}: it must exit 2 with {@code line}. */
    private static void assertRefusedAtStart(String what, Map<String, String> changed, String line) throws Exception {
        Map<String, String> environment = new HashMap<>(stack.relayEnvironment());
        environment.putAll(changed);
        String name = "tls-refused-" + what.replaceAll("[^a-z]+", "-");
        try (ServiceProcess worker =
                ServiceProcess.startModule("worker", "dev.outboxcdc.worker.Main", environment, name)) {
            int status = worker.awaitExit(Duration.ofSeconds(90));
            String output = worker.output();
            String refusal = output.lines()
                    .filter(each -> each.contains("cannot start"))
                    .findFirst()
                    .orElse("(no 'cannot start' line)");
            System.out.printf("%-48s exit %d: %s%n", what, status, refusal.replaceFirst("^.*cannot start: ", ""));
            assertThat(status).as(what + "\n" + output).isEqualTo(2);
            assertThat(refusal).as(what).contains(line);
            assertThat(output.lines().filter(each -> each.contains("cannot start")))
                    .as("one line")
                    .hasSize(1);
        }
    }

    /**
     * What an amqps:// client meets when the broker's certificate has expired: a TLS server on a
     * port of its own presenting {@code refused/expired-server.pem} (signed by the project's CA,
     * for localhost), which completes no handshake.
     */
    private static final class ExpiredCertificateServer implements AutoCloseable {
        private final SSLServerSocket socket;
        private final Thread acceptor;

        ExpiredCertificateServer() throws Exception {
            CertificateFactory certificates = CertificateFactory.getInstance("X.509");
            Certificate certificate;
            try (InputStream in = Files.newInputStream(LocalTls.refused("expired-server.pem"))) {
                certificate = certificates.generateCertificate(in);
            }
            String pem = Files.readString(LocalTls.refused("expired-server.key"))
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            var key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, new char[0], new Certificate[] {certificate});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            socket = (SSLServerSocket)
                    context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::accept, "expired-certificate-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (SSLSocket client = (SSLSocket) socket.accept()) {
                    client.startHandshake();
                } catch (IOException refusedByTheClient) {
                    // the client's alert: what the test expects of it
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            socket.close();
            acceptor.join(5_000);
        }
    }
}
