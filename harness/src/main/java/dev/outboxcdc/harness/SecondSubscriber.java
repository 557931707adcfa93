package dev.outboxcdc.harness;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The loyalty example ({@code examples/loyalty}) as a process beside a {@link ServiceStack}: a
 * database of its own (a scratch database its user owns), a subscription of its own on the stack's
 * exchange, started as {@code make run WITH=loyalty} starts it. {@link #close()} stops it, deletes
 * its queues and drops its database.
 */
public final class SecondSubscriber implements AutoCloseable {
    private static final String MAIN = "dev.outboxcdc.examples.loyalty.LoyaltyService";
    private static final Duration READY = Duration.ofSeconds(90);

    public final ScratchDatabase database;
    public final String subscription;
    private final Map<String, String> environment;
    private final String name;
    private final AmqpSettings amqp;
    private int starts;
    private @Nullable ServiceProcess process;

    public SecondSubscriber(ServiceStack stack) {
        this.name = "loyalty-" + Long.toHexString(System.nanoTime());
        this.database = ScratchDatabase.create("loyalty");
        this.subscription = stack.consumer + ".loyalty";
        this.amqp = stack.amqp();
        DatabaseSettings owner = TestEnvironment.get().schemaOwner();
        DatabaseSettings own = database.settings(owner.user(), owner.password());
        Map<String, String> env = new HashMap<>(Map.of(
                "LOYALTY_DB_URL", own.jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(30)),
                "LOYALTY_DB_USER", own.user(),
                "LOYALTY_DB_PASSWORD", own.password(),
                "LOYALTY_AMQP_URI", amqp.uri().toString(),
                "LOYALTY_EVENTS_EXCHANGE", stack.exchange,
                "LOYALTY_SUBSCRIPTION", subscription));
        env.put(
                "LOYALTY_AMQP_ADDRESSES",
                String.join(
                        ",",
                        amqp.addresses().stream()
                                .map(address -> address.getHost() + ":" + address.getPort())
                                .toList()));
        this.environment = Map.copyOf(env);
    }

    /** Starts it and waits until it consumes its queue. */
    public SecondSubscriber start() throws IOException {
        ServiceProcess started =
                ServiceProcess.startModule("examples/loyalty", MAIN, environment, name + "-" + starts++);
        process = started;
        Polling.until(
                "loyalty consuming " + subscription,
                READY,
                Duration.ofMillis(200),
                () -> started.output().contains("loyalty consuming "));
        return this;
    }

    /** The running process; it must be started. */
    public ServiceProcess process() {
        ServiceProcess running = process;
        if (running == null) {
            throw new IllegalStateException("the loyalty service is not started");
        }
        return running;
    }

    /** {@code SELECT COUNT(*)} of its database, e.g. {@code FROM points_ledger WHERE ...}. */
    public long count(String fromWhere, Object... args) {
        try (TestDatabase admin = TestDatabase.admin()) {
            return admin.count("SELECT COUNT(*) " + fromWhere.replace("FROM ", "FROM " + database.name() + "."), args);
        }
    }

    @Override
    public void close() throws Exception {
        ServiceProcess running = process;
        if (running != null) {
            running.kill();
        }
        try (Connection connection = amqp.connect("loyalty-cleanup");
                Channel channel = connection.createChannel()) {
            for (String queue : SubscriberQueues.all(subscription, 1, Subscription.defaultRetryDelays())) {
                channel.queueDelete(queue);
            }
            channel.exchangeDelete(SubscriberQueues.copiesExchange(subscription));
        }
        database.close();
    }
}
