package dev.outboxcdc.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.contract.topology.BrokerNames;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.db.SchemaMigrations;
import dev.outboxcdc.support.db.SchemaMigrations.Location;
import dev.outboxcdc.support.db.TransactionalDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The library as another service embeds it ({@link CustomerContacts}, the example of docs/LIBRARY.md):
 * its own database with the library's table applied from {@link ConsumerSchema}, written by a user
 * without DDL; events published as the relay publishes them, on the real broker.
 */
class EventConsumerIT {
    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Routing keys of this test's own, so that no other subscriber of the event exchange sees its events. */
    private final String aggregateType =
            "it-consumer-" + UUID.randomUUID().toString().substring(0, 8);

    private final String subscription = "it.contacts." + UUID.randomUUID();
    private ScratchDatabase database;
    private HikariDataSource pool;
    private Connection broker;
    private Channel publisher;
    private CustomerContacts contacts;

    @BeforeEach
    void aServiceWithItsOwnDatabase() throws Exception {
        database = ScratchDatabase.create("consumer");
        DatabaseSettings shared = TestEnvironment.get().schemaOwner();
        DatabaseSettings owner = database.settings(shared.user(), shared.password());
        SchemaMigrations.apply(
                owner,
                owner.resolveFlavor(),
                "consumer-it",
                List.of(Location.of(ConsumerSchema.FLYWAY_LOCATION, ConsumerSchema.FLYWAY_HISTORY_TABLE)));
        SchemaMigrations.execute(
                owner,
                owner.resolveFlavor(),
                "consumer-it",
                List.of("CREATE TABLE contacts (id VARCHAR(36) PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                        + " version BIGINT NOT NULL)"));
        DatabaseSettings user = database.settings("outbox_worker", "worker-secret");
        pool = TransactionalDatabase.pool(user, user.resolveFlavor(), "consumer-it", 4, Duration.ofSeconds(10));
        AmqpSettings amqp = TestEnvironment.get().amqp();
        broker = amqp.connect("consumer-it");
        publisher = broker.createChannel();
        publisher.confirmSelect();
        contacts = new CustomerContacts(
                Broker.at(amqp.uri().toString())
                        .cluster(amqp.addresses().stream()
                                .map(address -> address.getHost() + ":" + address.getPort())
                                .toList()),
                Subscription.of(subscription, aggregateType + ".*"),
                pool);
    }

    @AfterEach
    void removeEverything() throws Exception {
        contacts.close();
        try (Channel channel = broker.createChannel()) {
            for (String queue : SubscriberQueues.all(
                    subscription, 1, List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)))) {
                channel.queueDelete(queue);
            }
            channel.exchangeDelete(SubscriberQueues.copiesExchange(subscription));
        }
        broker.close();
        pool.close();
        database.close();
    }

    @Test
    void eachEventHasItsEffectOnceHoweverOftenItIsDelivered() throws Exception {
        String customer = UUID.randomUUID().toString();
        String id = publish(CustomerEvents.CREATED, 1, customer, created(customer, "Ada"));
        publish(id, CustomerEvents.CREATED, 1, customer, created(customer, "Ada")); // the relay, again

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(duplicatesOf(id)).isEqualTo(1));
        assertThat(rows("SELECT COUNT(*) FROM contacts WHERE id = ?", customer)).isEqualTo(1);
        assertThat(contacts.health().ready()).isTrue();
    }

    @Test
    void anUpdateAheadOfItsCreateWaitsAndIsAppliedAfterIt() throws Exception {
        String customer = UUID.randomUUID().toString();
        publish(CustomerEvents.UPDATED, 1, customer, updated(customer, "Ada King", 2));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(
                                messagesIn(SubscriberQueues.retryQueue(subscription, 1, Duration.ofSeconds(1))))
                        .as("the update waits in the shortest delay queue")
                        .isPositive());

        publish(CustomerEvents.CREATED, 2, customer, createdV2(customer, "Ada"));

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(rows(
                                "SELECT COUNT(*) FROM contacts WHERE id = ? AND name = 'Ada King' AND version = 2",
                                customer))
                        .isEqualTo(1));
    }

    @Test
    void anEventThatDoesNotMatchItsSchemaIsParkedWithTheReason() throws Exception {
        String customer = UUID.randomUUID().toString();
        publish(CustomerEvents.CREATED, 1, customer, "{\"id\":\"" + customer + "\"}");

        String parkingLot = SubscriberQueues.parkingLot(subscription);
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(messagesIn(parkingLot)).isEqualTo(1));
        try (Channel channel = broker.createChannel()) {
            Object reason =
                    channel.basicGet(parkingLot, true).getProps().getHeaders().get(MessageHeaders.LAST_ERROR);
            assertThat(reason.toString()).startsWith("payload does not match CustomerCreated v1");
        }
        assertThat(rows("SELECT COUNT(*) FROM contacts WHERE id = ?", customer)).isZero();
    }

    private String publish(String type, int version, String customer, String body) throws Exception {
        return publish(UUID.randomUUID().toString(), type, version, customer, body);
    }

    /** As the relay publishes an outbox row: CloudEvents attributes, aggregate headers, confirmed. */
    private String publish(String id, String type, int version, String customer, String body) throws Exception {
        Map<String, Object> headers = new HashMap<>(CloudEventAttributes.headers(
                id,
                CloudEventAttributes.DEFAULT_SOURCE,
                type,
                customer,
                Instant.now(),
                SCHEMAS.version(type, version).orElseThrow().id()));
        headers.put(MessageHeaders.AGGREGATE_TYPE, aggregateType);
        headers.put(MessageHeaders.AGGREGATE_ID, customer);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .messageId(id)
                .type(type)
                .contentType("application/json")
                .deliveryMode(2)
                .headers(headers)
                .build();
        publisher.basicPublish(
                BrokerNames.EVENTS_EXCHANGE,
                aggregateType + "." + type,
                true,
                properties,
                body.getBytes(StandardCharsets.UTF_8));
        publisher.waitForConfirmsOrDie(5_000);
        return id;
    }

    private static String created(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"email\":\"" + id + "@example.com\","
                + "\"createdAt\":\"2026-12-08T09:00:00Z\",\"version\":1}";
    }

    private static String createdV2(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"email\":\"" + id + "@example.com\","
                + "\"locale\":\"en\",\"createdAt\":\"2026-12-08T09:00:00Z\",\"version\":1}";
    }

    private static String updated(String id, String name, long version) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"email\":\"" + id + "@example.com\","
                + "\"updatedAt\":\"2026-12-08T09:00:01Z\",\"version\":" + version + "}";
    }

    private long messagesIn(String queue) throws Exception {
        try (Channel channel = broker.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    private long duplicatesOf(String id) {
        return rows("SELECT COALESCE(SUM(duplicates), 0) FROM processed_messages WHERE message_id = ?", id);
    }

    private long rows(String sql, String parameter) {
        try (TestDatabase admin = TestDatabase.admin()) {
            return admin.count(sql.replace(" FROM ", " FROM " + database.name() + "."), parameter);
        }
    }
}
