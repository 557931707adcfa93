package dev.outboxcdc.harness;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.DatabaseVariables;
import dev.outboxcdc.support.config.variables.ToolVariables;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Where the integration tests find their real database and broker, once per JVM:
 * <ol>
 *   <li>the endpoints of the environment ({@code DB_HOST}, {@code DB_PORT}, {@code AMQP_URI}),
 *       by default the project's infrastructure ({@code make infras}: 127.0.0.1:3307 and :5672);</li>
 *   <li>if nothing answers there, a {@link FallbackInfrastructure} that is available: in the tests,
 *       MySQL 8.4 + RabbitMQ containers where a Docker engine answers (test-support);</li>
 *   <li>otherwise the tests (and the measuring tools) fail with a line saying to run {@code make infras}.</li>
 * </ol>
 * With {@code TLS=1} the endpoints are those of {@link LocalTls}: every connection encrypted.
 */
public final class TestEnvironment {
    private static @Nullable TestEnvironment instance;

    private final Map<String, String> variables;

    /** Names the queues of this test JVM's services, unless a test names its own. */
    private static final String RUN = Long.toHexString(System.nanoTime());

    private static final String SUBSCRIBER_QUEUE = "it.subscriber." + RUN;
    private static final String UNROUTED_QUEUE = "it.unrouted." + RUN;
    private static final String EXCHANGE = "it.events." + RUN;

    /**
     * What every service under test runs with unless a test says otherwise: the local-development
     * secrets ({@code OUTBOX_ENV=dev}); any free admin port, as many of them run at once next to a
     * {@code make run} that holds the default ones (a test reads the port from the log); and an
     * event exchange and queues of this JVM's own for the subscriber a relay declares and the events
     * it sets aside, never the deployment's default names, which the broker may hold for a
     * {@code make run} beside the tests: its worker must not receive the tests' events (deleted when
     * the JVM exits).
     */
    private static final Map<String, String> TEST_DEFAULTS = Map.of(
            EventTopology.EXCHANGE_VARIABLE,
            EXCHANGE,
            "OUTBOX_ENV",
            "dev",
            "RELAY_ADMIN_PORT",
            "0",
            "WORKER_ADMIN_PORT",
            "0",
            Subscription.QUEUE_VARIABLE,
            SUBSCRIBER_QUEUE,
            EventTopology.UNROUTED_VARIABLE,
            UNROUTED_QUEUE);

    private TestEnvironment(Map<String, String> variables) {
        Map<String, String> withDefaults = new HashMap<>(TEST_DEFAULTS);
        withDefaults.putAll(variables);
        this.variables = Map.copyOf(withDefaults);
    }

    public static synchronized TestEnvironment get() {
        if (instance == null) {
            instance = resolve();
            instance.applyApiSchema();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::deleteRunTopology, "test-queues-cleanup"));
        }
        return instance;
    }

    /**
     * The api owns the customers and outbox tables; tests of the other modules need them too, so
     * they apply the api's migrations (from its sources, the same files) as the api would: as the
     * schema's owner.
     */
    private void applyApiSchema() {
        ScratchDatabase.applyApiSchema(schemaOwner());
    }

    private void deleteRunTopology() {
        List<String> queues =
                new ArrayList<>(SubscriberQueues.all(SUBSCRIBER_QUEUE, 1, Subscription.defaultRetryDelays()));
        queues.add(UNROUTED_QUEUE);
        try (Connection connection = amqp().connect("test-queues-cleanup");
                Channel channel = connection.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
            channel.exchangeDelete(EXCHANGE);
        } catch (IOException | TimeoutException | RuntimeException e) {
            System.err.println("could not delete this test run's exchange and queues " + queues + ": " + e);
        }
    }

    private static TestEnvironment resolve() {
        Map<String, String> given = new HashMap<>(System.getenv());
        if (LocalTls.requested()) {
            given.putAll(LocalTls.settings());
        }
        Env env = new Env(given);
        String host = env.get(DatabaseVariables.DB_HOST);
        int port = env.get(DatabaseVariables.DB_PORT);
        if (answers(host, port)) {
            return new TestEnvironment(given);
        }
        for (FallbackInfrastructure fallback : ServiceLoader.load(FallbackInfrastructure.class)) {
            if (fallback.available()) {
                Map<String, String> fromFallback = new HashMap<>(System.getenv());
                fromFallback.putAll(fallback.start());
                return new TestEnvironment(fromFallback);
            }
        }
        throw new IllegalStateException("No database answers on " + host + ":" + port
                + " and no Docker engine for containers: run `make infras` (or `make test`, which does) first");
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The environment a service under test should read: the resolved endpoints plus {@code overrides}. */
    public Env env(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(variables);
        merged.putAll(overrides);
        return new Env(merged);
    }

    /** The resolved endpoints plus {@code overrides}, as environment variables for a child process. */
    public Map<String, String> variables(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(variables);
        merged.putAll(overrides);
        return merged;
    }

    public DatabaseSettings database(String user, String password) {
        return DatabaseSettings.fromEnv(env(Map.of("DB_USER", user, "DB_PASSWORD", password)), user, password);
    }

    /** The schema's owner, as the services find it ({@link DatabaseSettings#asSchemaOwner}): who runs migrations. */
    public DatabaseSettings schemaOwner() {
        return admin().asSchemaOwner(env(Map.of()));
    }

    /** Tests and the benchmark only: reads every table, purges binlogs. */
    public DatabaseSettings admin() {
        return admin(Map.of());
    }

    /** The admin, reaching the server as {@code transport} says ({@code DB_HOST}, {@code DB_TLS}, {@code DB_TLS_CA_FILE}). */
    public DatabaseSettings admin(Map<String, String> transport) {
        Env env = env(transport);
        String user = env.get(ToolVariables.DB_ADMIN_USER);
        String password = env.get(ToolVariables.DB_ADMIN_PASSWORD);
        Map<String, String> settings = new HashMap<>(transport);
        settings.putAll(Map.of("DB_USER", user, "DB_PASSWORD", password));
        return DatabaseSettings.fromEnv(env(settings), user, password);
    }

    public AmqpSettings amqp() {
        return AmqpSettings.fromEnv(env(Map.of()));
    }

    /**
     * Whether the broker knows the exchange type (a plugin's, such as {@code x-consistent-hash}): the
     * tests that need one are skipped, saying which plugin, on a broker without it, where
     * {@code make test-infras} could not enable it.
     */
    public boolean brokerHasExchangeType(String type) throws IOException, TimeoutException {
        String probe = "it.probe." + RUN;
        try (Connection connection = amqp().connect("test-exchange-type-probe");
                Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(probe, type, false, true, Map.of());
            channel.exchangeDelete(probe);
            return true;
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException refused
                    && String.valueOf(refused.getMessage()).contains("invalid exchange type")) {
                return false;
            }
            throw e;
        }
    }
}
