package dev.outboxcdc.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.harness.MetricsScrape;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.worker.handler.MessageHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/** A worker on queues and an exchange of its own, a publisher to feed it, and cleanup of both. */
final class WorkerFixture implements AutoCloseable {
    private static final EventSchemas SCHEMAS = EventSchemas.load();
    final String exchange;
    final String queue;
    final TestDatabase db = TestDatabase.admin();
    private final Connection connection;
    private final Channel publisher;
    private final Map<String, String> settings;
    private Main.RunningWorker worker;

    WorkerFixture(Map<String, String> overrides) throws Exception {
        this(overrides, "it.worker." + UUID.randomUUID(), "it.worker-queue." + UUID.randomUUID());
    }

    /** A worker on the exchange and queue of {@code earlier}, with other settings (a redeployment). */
    WorkerFixture(Map<String, String> overrides, WorkerFixture earlier) throws Exception {
        this(overrides, earlier.exchange, earlier.queue);
    }

    private WorkerFixture(Map<String, String> overrides, String exchange, String queue) throws Exception {
        this.exchange = exchange;
        this.queue = queue;
        settings = new HashMap<>(Map.of(
                EventTopology.EXCHANGE_VARIABLE,
                exchange,
                Subscription.QUEUE_VARIABLE,
                queue,
                "WORKER_RETRY_DELAYS_MS",
                "200,400",
                "WORKER_MAX_ATTEMPTS",
                "3"));
        settings.putAll(overrides);
        connection = TestEnvironment.get().amqp().connect("worker-it");
        publisher = connection.createChannel();
        publisher.confirmSelect();
    }

    /**
     * Skips the test, saying which plugin, on a broker without the consistent-hash exchange that
     * partitions need (where {@code make test-infras} could not enable it).
     */
    static void assumeTheConsistentHashExchange() throws Exception {
        Assumptions.assumeTrue(
                TestEnvironment.get().brokerHasExchangeType("x-consistent-hash"),
                "the broker lacks the x-consistent-hash exchange of the plugin " + Subscription.HASH_EXCHANGE_PLUGIN
                        + " (make test-infras enables it where it may: rabbitmq-plugins enable "
                        + Subscription.HASH_EXCHANGE_PLUGIN + ")");
    }

    WorkerConfig config() {
        return WorkerConfig.fromEnv(TestEnvironment.get().env(settings));
    }

    Map<String, String> environment() {
        return TestEnvironment.get().variables(settings);
    }

    void startWorker(List<MessageHandler> handlers) throws InterruptedException {
        worker = Main.start(config(), handlers);
        if (!worker.consumer().awaitConsuming(java.time.Duration.ofSeconds(30))) {
            throw new AssertionError("worker did not start consuming within 30 s");
        }
    }

    /** The running worker's metrics, as Prometheus scrapes them. */
    MetricsScrape metrics() throws Exception {
        return MetricsScrape.of(URI.create("http://127.0.0.1:" + worker.admin().port() + "/metrics"));
    }

    /** True while the worker is connected with every consumer subscribed. */
    boolean workerConsuming() {
        return worker != null && worker.consumer().consuming();
    }

    void stopWorker() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    void publish(String messageId, String type, String body) throws Exception {
        publish(messageId, type, body, null);
    }

    /** As the relay publishes: with the {@code aggregate_id} header when {@code aggregateId} is given. */
    void publish(String messageId, String type, String body, String aggregateId) throws Exception {
        AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder()
                .type(type)
                .contentType("application/json")
                .deliveryMode(2);
        if (aggregateId != null) {
            properties.headers(Map.of(MessageHeaders.AGGREGATE_ID, aggregateId));
        }
        if (messageId != null) {
            properties.messageId(messageId);
        }
        publisher.basicPublish(
                exchange, "customer." + type, true, properties.build(), body.getBytes(StandardCharsets.UTF_8));
        publisher.waitForConfirmsOrDie(5_000);
    }

    /**
     * As the relay publishes an outbox row of this type, written in schema version {@code schemaVersion}:
     * the CloudEvents attributes ({@code dataschema} the version's {@code $id}), the 0.1 headers and
     * properties. Returns the message id.
     */
    String publishCloudEvent(String type, int schemaVersion, String customerId, String body) throws Exception {
        String messageId = UUID.randomUUID().toString();
        Map<String, Object> headers = new HashMap<>(CloudEventAttributes.headers(
                messageId,
                CloudEventAttributes.DEFAULT_SOURCE,
                type,
                customerId,
                java.time.Instant.now(),
                SCHEMAS.version(type, schemaVersion).orElseThrow().id()));
        headers.put(MessageHeaders.AGGREGATE_TYPE, CustomerEvents.AGGREGATE_TYPE);
        headers.put(MessageHeaders.AGGREGATE_ID, customerId);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .messageId(messageId)
                .type(type)
                .contentType("application/json")
                .deliveryMode(2)
                .headers(headers)
                .build();
        publisher.basicPublish(exchange, "customer." + type, true, properties, body.getBytes(StandardCharsets.UTF_8));
        publisher.waitForConfirmsOrDie(5_000);
        return messageId;
    }

    /** Every message of the queue, left in it (taken unacknowledged, given back when the channel closes). */
    List<GetResponse> browse(String queueName) throws Exception {
        List<GetResponse> messages = new java.util.ArrayList<>();
        try (Channel channel = connection.createChannel()) {
            for (GetResponse message = channel.basicGet(queueName, false);
                    message != null;
                    message = channel.basicGet(queueName, false)) {
                messages.add(message);
            }
        }
        return messages;
    }

    /** Moves every message of the parking lot back to the work queue, as {@code outboxctl parked requeue} does; how many. */
    int requeueParked() throws Exception {
        int moved = 0;
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (GetResponse parked = channel.basicGet(SubscriberQueues.parkingLot(queue), false);
                    parked != null;
                    parked = channel.basicGet(SubscriberQueues.parkingLot(queue), false)) {
                channel.basicPublish("", queue, true, parked.getProps(), parked.getBody());
                channel.waitForConfirmsOrDie(5_000);
                channel.basicAck(parked.getEnvelope().getDeliveryTag(), false);
                moved++;
            }
        }
        return moved;
    }

    /**
     * Publishes as {@link #publish(String, String, String)} does; false when the broker returned the
     * message because no queue is bound for it (yet). The broker sends the return before the confirm.
     */
    boolean publishRouted(String messageId, String type, String body) throws Exception {
        try (Channel channel = connection.createChannel()) {
            AtomicBoolean returned = new AtomicBoolean();
            channel.addReturnListener(message -> returned.set(true));
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .messageId(messageId)
                    .type(type)
                    .contentType("application/json")
                    .deliveryMode(2)
                    .build();
            channel.basicPublish(exchange, "customer." + type, true, properties, body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5_000);
            return !returned.get();
        }
    }

    /** Customer {@code customerId}'s {@code CustomerCreated}, version 1, as the relay publishes it. */
    void publishCreated(String customerId) throws Exception {
        publish(
                UUID.randomUUID().toString(),
                CustomerEvents.CREATED,
                "{\"id\":\"" + customerId + "\",\"name\":\"v1\",\"email\":\"" + customerId
                        + "@example.com\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"version\":1}",
                customerId);
    }

    /** Customer {@code customerId}'s {@code CustomerUpdated} to {@code version}, named {@code v<version>}. */
    void publishUpdated(String customerId, int version) throws Exception {
        publish(
                UUID.randomUUID().toString(),
                CustomerEvents.UPDATED,
                "{\"id\":\"" + customerId + "\",\"name\":\"v" + version + "\",\"email\":\"" + customerId
                        + "@example.com\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"version\":" + version + "}",
                customerId);
    }

    /** Every customer's create, then versions 2..{@code lastVersion} interleaved: everyone's n before anyone's n + 1. */
    void publishInterleaved(List<String> customerIds, int lastVersion) throws Exception {
        for (String id : customerIds) {
            publishCreated(id);
        }
        for (int version = 2; version <= lastVersion; version++) {
            for (String id : customerIds) {
                publishUpdated(id, version);
            }
        }
    }

    /** The versions of the customer the read model applied, in the order it applied them, e.g. {@code 1,2,3}. */
    String appliedVersions(String customerId) {
        return db.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT GROUP_CONCAT(version ORDER BY seq) FROM outbox.customer_directory_changes WHERE customer_id = :id")
                        .bind("id", customerId)
                        .mapTo(String.class)
                        .one());
    }

    /** Removes these customers from the read model. */
    void forgetReadModel(List<String> customerIds) {
        for (String id : customerIds) {
            db.execute("DELETE FROM outbox.customer_directory WHERE id = ?", id);
            db.execute("DELETE FROM outbox.customer_directory_changes WHERE customer_id = ?", id);
        }
    }

    static String customerPayload(String customerId, String email) {
        return "{\"id\":\"" + customerId + "\",\"name\":\"Ada\",\"email\":\"" + email
                + "\",\"createdAt\":\"2026-01-01T00:00:00Z\"}";
    }

    long messagesIn(String queueName) throws Exception {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queueName).getMessageCount();
        }
    }

    void deleteQueue(String queueName) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(queueName);
        }
    }

    boolean queueExists(String queueName) {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclarePassive(queueName);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Takes one message off {@code queueName}, or null. */
    com.rabbitmq.client.GetResponse take(String queueName) throws Exception {
        try (Channel channel = connection.createChannel()) {
            return channel.basicGet(queueName, true);
        }
    }

    long effects(String customerId) {
        return db.count("SELECT COUNT(*) FROM outbox.welcome_emails WHERE customer_id = ?", customerId);
    }

    long duplicatesRecorded(String messageId) {
        return db.count(
                "SELECT COALESCE(SUM(duplicates), 0) FROM outbox.processed_messages WHERE consumer = ? AND message_id = ?",
                queue,
                messageId);
    }

    @Override
    public void close() throws Exception {
        stopWorker();
        try (Channel channel = connection.createChannel()) {
            WorkerConfig config = config();
            for (String name : SubscriberQueues.all(queue, config.partitions(), config.retryDelays())) {
                channel.queueDelete(name);
            }
            channel.exchangeDelete(SubscriberQueues.partitionExchange(queue));
            channel.exchangeDelete(SubscriberQueues.copiesExchange(queue));
            channel.exchangeDelete(exchange);
        }
        connection.close();
        db.execute(
                "DELETE FROM outbox.welcome_emails WHERE message_id IN"
                        + " (SELECT message_id FROM outbox.processed_messages WHERE consumer = ?)",
                queue);
        db.execute("DELETE FROM outbox.processed_messages WHERE consumer = ?", queue);
        db.close();
    }
}
