package dev.outboxcdc.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input stops a consumer before it connects to anything, with one line saying which. */
class EventConsumerSettingsTest {
    private static final EventHandler NOTHING = (event, transaction) -> {};
    private final HikariDataSource neverOpened = new HikariDataSource();
    private final EventConsumer.Builder loyalty = EventConsumer.builder(
            Broker.at("amqp://loyalty:secret@127.0.0.1:5672/%2F"),
            Subscription.of("loyalty", "customer.*"),
            neverOpened);

    @AfterEach
    void close() {
        neverOpened.close();
    }

    @Test
    void aHandlerRegisteredTwiceForOneTypeAndVersionIsRefused() {
        loyalty.on("CustomerCreated", 1, NOTHING);

        assertThatThrownBy(() -> loyalty.on("CustomerCreated", 1, NOTHING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a handler for CustomerCreated v1 is registered twice");
    }

    @Test
    void aSchemaVersionTheContractDoesNotHaveIsRefusedNamingTheOnesItHas() {
        loyalty.on("CustomerCreated", 7, NOTHING);

        assertThatThrownBy(loyalty::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a handler is registered for CustomerCreated v7, a schema version the contract does not"
                        + " have (it has v1, v2)");
    }

    @Test
    void aConsumerWithoutHandlersIsRefused() {
        assertThatThrownBy(loyalty::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("consumer loyalty has no handler");
    }

    @Test
    void settingsOutOfBoundsAreRefusedNamingThem() {
        loyalty.on("CustomerCreated", 1, NOTHING);

        assertThatThrownBy(() -> loyalty.consumers(0, 10).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("consumer loyalty: consumers must be at least 1, not 0");
        assertThatThrownBy(() -> loyalty.consumers(1, 10).retries(3, List.of()).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("consumer loyalty: retry delays must be positive, at least one");
        assertThatThrownBy(() -> loyalty.retries(3, List.of(Duration.ofSeconds(1)))
                        .batches(10, Duration.ofMillis(-1), Duration.ZERO)
                        .start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("consumer loyalty: batch waits must not be negative");
    }

    @Test
    void aSubscriptionNameMustBeAValidQueueName() {
        for (String bad : List.of("", "amq.loyalty", "loyalty points", "x".repeat(201), "loyalty/points")) {
            assertThatThrownBy(() -> Subscription.of(bad, "customer.*"))
                    .as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("subscription name '" + bad + "' is not a valid queue name");
        }
        assertThat(Subscription.of("loyalty.customer-events_2", "customer.*").partitions())
                .isEqualTo(1);
    }

    @Test
    void partitionsAreOneTo256() {
        assertThat(Subscription.of("loyalty", "customer.*").partitioned(256).partitions())
                .isEqualTo(256);
        assertThatThrownBy(() -> Subscription.of("loyalty", "customer.*").partitioned(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subscription loyalty: partitions 1 to 256, not 0");
    }

    @Test
    void aBrokerIsAnAmqpUriWithNodesGivenAsHostAndPort() {
        Broker cluster = Broker.at("amqps://loyalty:secret@rabbit:5671/%2F")
                .cluster(List.of("rabbit-1:5671", "rabbit-2:5671"))
                .trusting(Path.of("/etc/loyalty/ca.pem"));

        assertThat(cluster.addresses()).containsExactly("rabbit-1:5671", "rabbit-2:5671");
        assertThat(cluster.toString()).doesNotContain("secret");
        assertThatThrownBy(() -> Broker.at("http://rabbit:5672/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Broker URI must be amqp:// or amqps://, not http");
        assertThatThrownBy(() -> Broker.at("amqp://rabbit:5672/").cluster(List.of("rabbit-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Broker address 'rabbit-1' is not host:port");
        assertThatThrownBy(() -> Broker.at("amqp://rabbit:5672/").trusting(Path.of("ca.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a TLS CA file is given, but the broker URI is not amqps://");
    }

    @Test
    void theSchemaShipsAsPlainSqlToo() {
        assertThat(ConsumerSchema.sql()).contains("CREATE TABLE IF NOT EXISTS processed_messages");
    }
}
