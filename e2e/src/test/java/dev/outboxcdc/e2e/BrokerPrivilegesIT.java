package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.e2e.CtlProcess.Run;
import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Broker least privilege, proven: in a virtual host of its own, set up by {@code
 * scripts/broker-users.sh} from rabbitmq-config/users.tsv as {@code make infras} sets up the local
 * broker, the stack runs with the services' own users (the relay as {@code outbox_relay}, the
 * worker as {@code outbox_worker}, outboxctl as {@code outbox_ctl}) through a held update, its
 * parking and its requeue, the paths that write to the worker's delay queues and parking lot; then
 * each user tries what its service must not do, and the broker must refuse every attempt.
 */
class BrokerPrivilegesIT {
    private static final String VHOST = "outbox-privileges-" + Long.toHexString(System.nanoTime());
    private static final String EVENTS = "outbox.events";
    private static final String UNROUTED = "outbox.unrouted";
    private static final String QUEUE = "worker.customer-events";

    private static ServiceStack stack;
    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        rabbit(Map.of(), "scripts/broker-users.sh", VHOST);
        rabbit(Map.of(), "rabbitmqctl", "-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*");

        // The stack starts its worker before its relay and waits for it to consume; this worker may
        // not declare the event exchange and would wait for the relay: an administrator declares it.
        ConnectionFactory admin = new ConnectionFactory();
        admin.setUri(uri("guest", "guest"));
        try (Connection connection =
                        admin.newConnection(TestEnvironment.get().amqp().addresses(), "privileges-admin");
                Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(EVENTS, "topic", true);
        }
        Map<String, String> overrides = new HashMap<>(Map.of(
                "AMQP_URI",
                uri("guest", "guest"),
                "EVENTS_EXCHANGE",
                EVENTS,
                "RELAY_UNROUTED_QUEUE",
                UNROUTED,
                "WORKER_QUEUE",
                QUEUE,
                // one wait in the delay queue, then parked: both through the copies exchange
                "WORKER_MAX_WAITS",
                "1",
                "WORKER_RETRY_DELAYS_MS",
                "1000"));
        stack = new ServiceStack("privileges", overrides)
                .withSettings(
                        "relay",
                        Map.of("AMQP_URI", uri("outbox_relay", "relay-secret"), "RELAY_DECLARES_SUBSCRIBER", "false"))
                .withSettings("worker", Map.of("AMQP_URI", uri("outbox_worker", "worker-secret")));
        db = TestDatabase.admin();
        stack.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
            if (db != null) {
                db.close();
            }
        } finally {
            rabbit(Map.of(), "rabbitmqctl", "-q", "delete_vhost", VHOST);
        }
    }

    @Test
    void theStackRunsWithTheServicesOwnUsersThroughRetriesParkingAndARequeue() throws Exception {
        String schema = stack.database.name();
        String id = register("privileges-" + UUID.randomUUID() + "@example.com");
        await().atMost(Duration.ofSeconds(60)).until(() -> directoryVersion(schema, id) == 1);
        // its update waits in the delay queues, then is parked
        String update = CtlProcess.updateItsReadModelLost(stack, db, id);
        Map<String, String> ctl = new HashMap<>(CtlProcess.environment(stack));
        ctl.put("AMQP_URI", uri("outbox_ctl", "ctl-secret"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> CtlProcess.run(ctl, "parked", "list").out().contains(update));

        db.execute(
                "INSERT INTO " + schema
                        + ".customer_directory (id, email, name, version) SELECT id, email, name, 1 FROM " + schema
                        + ".customers WHERE id = ?",
                id);
        Run requeue = CtlProcess.run(ctl, "parked", "requeue", update);

        assertThat(requeue.exit()).as(requeue.err()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> directoryVersion(schema, id) == 2);
        String connections = rabbit(Map.of(), "rabbitmqctl", "-q", "list_connections", "-p", VHOST, "user");
        assertThat(connections).contains("outbox_relay", "outbox_worker").doesNotContain("guest");
        assertThat(stack.worker().output()).contains("Parked message " + update).doesNotContain("ACCESS_REFUSED");
    }

    @Test
    void eachUserIsRefusedWhatItsServiceMustNotDo() throws Exception {
        String copies = SubscriberQueues.copiesExchange(QUEUE);
        String parkingLot = SubscriberQueues.parkingLot(QUEUE);
        List<Attempt> forbidden = List.of(
                new Attempt(
                        "outbox_worker",
                        "publish a forged event to " + EVENTS,
                        ch -> publish(ch, EVENTS, "customer.created")),
                new Attempt("outbox_worker", "publish through the default exchange", ch -> publish(ch, "", UNROUTED)),
                new Attempt("outbox_worker", "publish to the unrouted exchange", ch -> publish(ch, UNROUTED, "")),
                new Attempt(
                        "outbox_worker",
                        "redeclare " + EVENTS + " (configure)",
                        ch -> ch.exchangeDeclare(EVENTS, "topic", true)),
                new Attempt("outbox_worker", "delete " + EVENTS, ch -> ch.exchangeDelete(EVENTS)),
                new Attempt("outbox_worker", "read the unrouted queue", ch -> ch.basicGet(UNROUTED, false)),
                new Attempt("outbox_worker", "purge the unrouted queue", ch -> ch.queuePurge(UNROUTED)),
                new Attempt("outbox_worker", "delete the unrouted queue", ch -> ch.queueDelete(UNROUTED)),
                new Attempt(
                        "outbox_worker",
                        "declare a queue of another name",
                        ch -> ch.queueDeclare("evil", true, false, false, null)),
                new Attempt(
                        "outbox_worker", "bind its queue to amq.topic", ch -> ch.queueBind(QUEUE, "amq.topic", "#")),
                new Attempt("outbox_relay", "consume the worker's queue", ch -> ch.basicGet(QUEUE, false)),
                new Attempt("outbox_relay", "read the parking lot", ch -> ch.basicGet(parkingLot, false)),
                new Attempt("outbox_relay", "delete the worker's queue", ch -> ch.queueDelete(QUEUE)),
                new Attempt("outbox_relay", "purge the parking lot", ch -> ch.queuePurge(parkingLot)),
                new Attempt(
                        "outbox_relay", "publish to the worker's copies exchange", ch -> publish(ch, copies, QUEUE)),
                new Attempt("outbox_relay", "publish through the default exchange", ch -> publish(ch, "", QUEUE)),
                new Attempt(
                        "outbox_relay",
                        "declare the worker's queue (configure)",
                        ch -> ch.queueDeclare(QUEUE, true, false, false, Map.of("x-queue-type", "quorum"))),
                new Attempt(
                        "outbox_relay", "bind the worker's queue to " + EVENTS, ch -> ch.queueBind(QUEUE, EVENTS, "#")),
                new Attempt("outbox_ctl", "consume the worker's queue", ch -> ch.basicGet(QUEUE, false)),
                new Attempt("outbox_ctl", "purge the worker's queue", ch -> ch.queuePurge(QUEUE)),
                new Attempt("outbox_ctl", "delete the parking lot", ch -> ch.queueDelete(parkingLot)),
                new Attempt("outbox_ctl", "delete " + EVENTS, ch -> ch.exchangeDelete(EVENTS)),
                new Attempt(
                        "outbox_ctl",
                        "declare a queue",
                        ch -> ch.queueDeclare("ctl.scratch", true, false, false, null)),
                new Attempt("outbox_ctl", "publish through the default exchange", ch -> publish(ch, "", QUEUE)),
                new Attempt("outbox_ctl", "publish to the unrouted exchange", ch -> publish(ch, UNROUTED, "")));
        List<Attempt> allowed = List.of(
                new Attempt("outbox_worker", "read its queue", ch -> ch.basicGet(QUEUE, false)),
                new Attempt("outbox_worker", "publish to its copies exchange", ch -> publish(ch, copies, "nowhere")),
                new Attempt("outbox_relay", "publish to " + EVENTS, ch -> publish(ch, EVENTS, "privileges.probe")),
                new Attempt("outbox_ctl", "read the parking lot", ch -> ch.basicGet(parkingLot, false)),
                new Attempt("outbox_ctl", "requeue through the copies exchange", ch -> publish(ch, copies, "nowhere")));

        List<String> accepted = new ArrayList<>();
        for (Attempt attempt : forbidden) {
            Optional<String> refusal = attempt.run();
            System.out.printf(
                    "%-14s %-48s %s%n",
                    attempt.user(),
                    attempt.what(),
                    refusal.map(r -> "refused: " + r).orElse("ACCEPTED"));
            if (refusal.isEmpty()) {
                accepted.add(attempt.user() + ": " + attempt.what());
            }
        }
        System.out.printf(
                "broker privileges: %d forbidden actions tried, %d refused%n",
                forbidden.size(), forbidden.size() - accepted.size());
        for (Attempt attempt : allowed) {
            assertThat(attempt.run())
                    .as(attempt.user() + " may " + attempt.what())
                    .isEmpty();
        }
        assertThat(forbidden).hasSizeGreaterThanOrEqualTo(20);
        assertThat(accepted).isEmpty();
    }

    @Test
    void aWorkerThatMayNotDeclareTheEventExchangeWaitsForIt() throws Exception {
        String vhost = VHOST + "-empty";
        rabbit(Map.of(), "scripts/broker-users.sh", vhost);
        rabbit(Map.of(), "rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        Map<String, String> environment = new HashMap<>(stack.relayEnvironment());
        environment.put("AMQP_URI", uri("outbox_worker", "worker-secret").replace(encoded(VHOST), encoded(vhost)));
        try (ServiceProcess worker = ServiceProcess.startModule(
                "worker", "dev.outboxcdc.worker.Main", environment, "privileges-waiting-worker")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> worker.output().contains("the event exchange " + EVENTS + " does not exist yet"));
            assertThat(worker.isAlive()).as("waiting, not stopped").isTrue();
            assertThat(worker.readyAfterJvmStart())
                    .as("not ready while it waits")
                    .isEmpty();

            ConnectionFactory admin = new ConnectionFactory();
            admin.setUri(uri("guest", "guest").replace(encoded(VHOST), encoded(vhost)));
            try (Connection connection =
                            admin.newConnection(TestEnvironment.get().amqp().addresses(), "privileges-admin");
                    Channel channel = connection.createChannel()) {
                channel.exchangeDeclare(EVENTS, "topic", true);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> worker.readyAfterJvmStart().isPresent());
        } finally {
            rabbit(Map.of(), "rabbitmqctl", "-q", "delete_vhost", vhost);
        }
    }

    private static String encoded(String vhost) {
        return URLEncoder.encode(vhost, StandardCharsets.UTF_8);
    }

    @Test
    void theComposeFilesBrokersLoadTheSameUsers() throws Exception {
        String generated = rabbit(Map.of(), "scripts/broker-users.sh", "--definitions");

        assertThat(Files.readString(ProjectRoot.find().resolve("docker/rabbitmq/definitions.json")))
                .as("docker/rabbitmq/definitions.json must be what scripts/broker-users.sh --definitions prints"
                        + " from rabbitmq-config/users.tsv: regenerate it")
                .isEqualTo(generated);
    }

    private interface Action {
        void on(Channel channel) throws Exception;
    }

    private record Attempt(String user, String what, Action action) {
        /** The broker's refusal, or empty when it let the user do it. */
        Optional<String> run() throws Exception {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUsername(user);
            factory.setPassword(
                    Map.of("outbox_relay", "relay-secret", "outbox_worker", "worker-secret", "outbox_ctl", "ctl-secret")
                            .get(user));
            factory.setVirtualHost(VHOST);
            factory.setAutomaticRecoveryEnabled(false);
            List<Address> addresses = TestEnvironment.get().amqp().addresses();
            try (Connection connection = factory.newConnection(addresses, "privilege-probe")) {
                Channel channel = connection.createChannel();
                try {
                    action.on(channel);
                    // a refused publish closes the channel asynchronously: a round trip makes it show
                    channel.basicQos(1);
                    return Optional.empty();
                } catch (Exception e) {
                    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                        String message = String.valueOf(cause.getMessage());
                        if (message.contains("ACCESS_REFUSED")) {
                            return Optional.of("ACCESS_REFUSED");
                        }
                    }
                    throw e;
                }
            }
        }
    }

    private static void publish(Channel channel, String exchange, String routingKey) throws Exception {
        channel.confirmSelect();
        channel.basicPublish(exchange, routingKey, false, null, "{}".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
    }

    private static String uri(String user, String password) {
        Address first = TestEnvironment.get().amqp().addresses().get(0);
        return "amqp://" + user + ":" + password + "@" + first.getHost() + ":" + first.getPort() + "/"
                + URLEncoder.encode(VHOST, StandardCharsets.UTF_8);
    }

    private static String register(String email) throws IOException, InterruptedException {
        return CtlProcess.register(stack, email);
    }

    private static long directoryVersion(String schema, String id) {
        return db.count("SELECT COALESCE(MAX(version), 0) FROM " + schema + ".customer_directory WHERE id = ?", id);
    }

    /** Runs a broker tool of the checkout (or rabbitmqctl); its output. */
    private static String rabbit(Map<String, String> environment, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(command));
        if (line.get(0).startsWith("scripts/")) {
            line.set(0, ProjectRoot.find().resolve(line.get(0)).toString());
        }
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", line) + "\n" + output)
                .isZero();
        return output;
    }
}
