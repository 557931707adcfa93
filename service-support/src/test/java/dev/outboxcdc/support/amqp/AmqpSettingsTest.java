package dev.outboxcdc.support.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Address;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmqpSettingsTest {
    private static final Map<String, String> DEV = Map.of("OUTBOX_ENV", "dev");

    @Test
    void oneBrokerIsTheUrisHostAndPort() {
        AmqpSettings amqp = settings(Map.of("AMQP_URI", "amqp://u:p@broker.example:5700/%2F"));

        assertThat(amqp.addresses()).containsExactly(new Address("broker.example", 5700));
        assertThat(amqp.redacted()).isEqualTo("amqp://broker.example:5700/%2F").doesNotContain("p@");
    }

    @Test
    void aClustersNodesComeFromTheAddressList() {
        AmqpSettings amqp = settings(Map.of("AMQP_ADDRESSES", "10.0.0.1:5681, 10.0.0.2:5682,10.0.0.3"));

        assertThat(amqp.addresses())
                .containsExactly(
                        new Address("10.0.0.1", 5681), new Address("10.0.0.2", 5682), new Address("10.0.0.3", 5672));
        assertThat(amqp.redacted()).isEqualTo("amqp://10.0.0.1:5681,10.0.0.2:5682,10.0.0.3:5672/%2F");
    }

    @Test
    void aNodeWithoutPortTakesTheTlsPortUnderAmqps() {
        AmqpSettings amqp =
                settings(Map.of("AMQP_URI", "amqps://u:p@broker.example/%2F", "AMQP_ADDRESSES", "a,b:5999"));

        assertThat(amqp.addresses()).containsExactly(new Address("a", 5671), new Address("b", 5999));
    }

    @Test
    void anAddressThatIsNotHostAndPortStopsTheStartNamingTheVariable() {
        for (String bad : new String[] {"10.0.0.1:", ":5672", "10.0.0.1:99999", "10.0.0.1:five", "a,,b"}) {
            assertThatThrownBy(() -> settings(Map.of("AMQP_ADDRESSES", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("AMQP_ADDRESSES");
        }
    }

    @Test
    void queuesAreQuorumUnlessSaidOtherwise() {
        assertThat(settings(Map.of()).queueType()).isEqualTo(QueueType.QUORUM);
        assertThat(settings(Map.of("QUEUE_TYPE", "classic")).queueType()).isEqualTo(QueueType.CLASSIC);
        assertThat(settings(Map.of("QUEUE_TYPE", "Quorum")).queueType()).isEqualTo(QueueType.QUORUM);
    }

    @Test
    void anUnknownQueueTypeStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("QUEUE_TYPE", "stream")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid QUEUE_TYPE='stream': expected one of quorum|classic");
    }

    @Test
    void aQuorumQueueSaysSoAndDeadLettersAtLeastOnce() {
        assertThat(QueueType.QUORUM.arguments(Map.of("x-message-ttl", 1000L)))
                .containsEntry("x-queue-type", "quorum")
                .containsEntry("x-message-ttl", 1000L);
        assertThat(QueueType.QUORUM.deadLetterTo("work"))
                .containsEntry("x-dead-letter-routing-key", "work")
                .containsEntry("x-dead-letter-strategy", "at-least-once")
                .containsEntry("x-overflow", "reject-publish");
    }

    @Test
    void aClassicQueueIsDeclaredAsBeforeWithoutATypeArgument() {
        assertThat(QueueType.CLASSIC.arguments(Map.of())).isEmpty();
        assertThat(QueueType.CLASSIC.deadLetterTo("work"))
                .containsOnlyKeys("x-dead-letter-exchange", "x-dead-letter-routing-key");
    }

    private static AmqpSettings settings(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(DEV);
        all.putAll(variables);
        return AmqpSettings.fromEnv(new Env(all));
    }
}
