package dev.outboxcdc.worker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.config.ConfigException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The event exchange is a plain topic exchange; one left by an earlier version is named, not silently kept. */
class EventExchangeIT {
    private final AmqpSettings amqp = TestEnvironment.get().amqp();
    private final String exchange = "it.exchange." + UUID.randomUUID();

    @Test
    void isDeclaredWithoutAnAlternateExchangeSoUnroutableEventsReturnToTheRelay() throws Exception {
        try (Connection connection = amqp.connect("it-exchange");
                Channel channel = connection.createChannel()) {
            amqp.declareEventExchange(channel, exchange);

            // Re-declaring it as a plain durable topic exchange succeeds only if it is exactly that.
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            channel.exchangeDelete(exchange);
        }
    }

    @Test
    void anExchangeLeftWithAnAlternateExchangeStopsTheServiceWithALineSayingHowToReplaceIt() throws Exception {
        try (Connection connection = amqp.connect("it-exchange")) {
            try (Channel channel = connection.createChannel()) {
                channel.exchangeDeclare(
                        exchange,
                        BuiltinExchangeType.TOPIC,
                        true,
                        false,
                        Map.of("alternate-exchange", "outbox.unrouted"));
            }
            Channel closedByTheBroker = connection.createChannel();
            assertThatThrownBy(() -> amqp.declareEventExchange(closedByTheBroker, exchange))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("The exchange " + exchange + " exists with other settings")
                    .hasMessageContaining("alternate-exchange")
                    .hasMessageContaining("rabbitmqctl delete_exchange " + exchange);
            assertThatThrownBy(() -> amqp.declareEventExchangeAtStartup(exchange))
                    .as("what relay and worker do first at start-up")
                    .isInstanceOf(ConfigException.class);
            try (Channel channel = connection.createChannel()) {
                channel.exchangeDelete(exchange);
                assertThat(channel.isOpen()).isTrue();
            }
        }
    }
}
