package dev.outboxcdc.consumer.internal.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.consumer.internal.ConsumerSettings;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.ConfigException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription's queues are quorum queues unless {@code QUEUE_TYPE=classic}; a queue left with the
 * other type stops the consumer at start with a line naming it and the command that removes it.
 */
class QueueTypeIT {
    private final String queue = "it.queue-type." + UUID.randomUUID();
    private final String exchange = "it.queue-type." + UUID.randomUUID();

    @AfterEach
    void deleteEverything() throws Exception {
        try (Connection connection = TestEnvironment.get().amqp().connect("it-queue-type");
                Channel channel = connection.createChannel()) {
            for (String name : SubscriberQueues.all(queue, 1, Subscription.defaultRetryDelays())) {
                channel.queueDelete(name);
            }
            channel.exchangeDelete(exchange);
        }
    }

    @Test
    void theWorkQueueAndTheParkingLotAreQuorumQueuesByDefault() throws Exception {
        ConsumerSettings config = config(Map.of());
        config.amqp().declareAtStartup(new SubscriberTopology(config)::declare);

        try (Connection connection = config.amqp().connect("it-queue-type")) {
            SubscriberTopology topology = new SubscriberTopology(config);
            for (String name : List.of(topology.workQueue(), topology.parkingLot())) {
                // Declaring it as a classic queue again is refused only if it is of another type.
                Channel channel = connection.createChannel();
                assertThatThrownBy(() -> channel.queueDeclare(name, true, false, false, null))
                        .as(name)
                        .isInstanceOf(IOException.class)
                        .hasStackTraceContaining("inequivalent arg 'x-queue-type'");
            }
        }
    }

    @Test
    void classicQueuesAreDeclaredAsBeforeWhenAskedFor() throws Exception {
        ConsumerSettings config = config(Map.of("QUEUE_TYPE", "classic"));
        config.amqp().declareAtStartup(new SubscriberTopology(config)::declare);

        try (Connection connection = config.amqp().connect("it-queue-type");
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null); // the same queue: no complaint
            assertThat(channel.isOpen()).isTrue();
        }
    }

    @Test
    void aWorkQueueLeftAsAClassicQueueStopsTheStartNamingItAndTheCommand() throws Exception {
        AmqpSettings amqp = TestEnvironment.get().amqp();
        try (Connection connection = amqp.connect("it-queue-type");
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null); // as an earlier version declared it
        }
        ConsumerSettings config = config(Map.of());

        assertThatThrownBy(() -> config.amqp().declareAtStartup(new SubscriberTopology(config)::declare))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("The queue " + queue + " exists with other settings")
                .hasMessageContaining("QUEUE_TYPE=quorum")
                .hasMessageContaining("rabbitmqctl delete_queue " + queue);
    }

    @Test
    void aUserTheBrokerRefusesStopsTheStartNamingTheVariableNotThePassword() {
        AmqpSettings broker = TestEnvironment.get().amqp();
        String wrong = "not-the-password-" + UUID.randomUUID();
        ConsumerSettings config = config(Map.of(
                "AMQP_URI", "amqp://guest:" + wrong + "@" + broker.addresses().get(0) + "/%2F"));

        assertThatThrownBy(() -> config.amqp().declareAtStartup(new SubscriberTopology(config)::declare))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The broker refused the user of AMQP_URI")
                .hasMessageContaining("ACCESS_REFUSED")
                .hasMessageNotContaining(wrong);
    }

    /** A consumer's settings on this test's queue and exchange, with the broker settings of the environment. */
    private ConsumerSettings config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(EventTopology.EXCHANGE_VARIABLE, exchange));
        settings.putAll(overrides);
        return new ConsumerSettings(
                "it-queue-type",
                AmqpSettings.fromEnv(TestEnvironment.get().env(settings)),
                exchange,
                new Subscription(queue, "customer.*"),
                queue,
                10,
                1,
                10,
                Duration.ofMillis(2),
                Duration.ofMillis(10),
                3,
                10,
                Subscription.defaultRetryDelays(),
                Duration.ofHours(1));
    }
}
