package dev.outboxcdc.relay.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.harness.TcpProxy;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.BrokerBlocking;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A broker connection whose link goes half-open (a proxy that stops forwarding its open flows, as a
 * NAT that forgot them) is given up by the round trips {@link BrokerBlocking} has probed on it,
 * well before the missed heartbeats would; an idle healthy one is left alone.
 */
class BrokerLinkProbeIT {
    /** Generous: the probe's deadline is 3 s; heartbeats alone would take over 11 s. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void aConnectionWhoseLinkGoesHalfOpenIsGivenUpAndCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BrokerBlocking blocking = new BrokerBlocking("it", registry, Clock.systemUTC());
        Address broker = TestEnvironment.get().amqp().addresses().get(0);
        try (TcpProxy link = new TcpProxy(broker.getHost(), broker.getPort())) {
            Connection connection = throughProxy(link).connect("link-probe-it");
            blocking.watch(connection);

            link.freezeOpenConnections();
            long frozen = System.nanoTime();
            await().atMost(BOUND).until(() -> !connection.isOpen());
            System.out.printf(
                    "a half-open broker connection given up %d ms after the freeze%n",
                    (System.nanoTime() - frozen) / 1_000_000);

            assertThat(link.bytesFrozen())
                    .as("the fault happened: the freeze held the probes")
                    .isPositive();
            assertThat(registry.get("outbox_broker_links_given_up").counter().count())
                    .isEqualTo(1);
            assertThat(connection.getCloseReason().getMessage()).doesNotContain("Heartbeat");
        }
    }

    @Test
    void anIdleHealthyConnectionIsLeftOpen() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BrokerBlocking blocking = new BrokerBlocking("it", registry, Clock.systemUTC());
        try (Connection connection = TestEnvironment.get().amqp().connect("link-probe-it-idle")) {
            blocking.watch(connection);

            await().during(Duration.ofSeconds(5)).atMost(BOUND).until(connection::isOpen);

            assertThat(registry.get("outbox_broker_links_given_up").counter().count())
                    .isZero();
        }
    }

    private static AmqpSettings throughProxy(TcpProxy link) {
        AmqpSettings amqp = TestEnvironment.get().amqp();
        return new AmqpSettings(amqp.uri(), List.of(new Address("127.0.0.1", link.port())), amqp.queueType());
    }
}
