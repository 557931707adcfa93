package dev.outboxcdc.support.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTopologyTest {

    @Test
    void theExchangeDefaultsToOutboxEvents() {
        assertThat(EventTopology.exchange(new Env(Map.of()))).isEqualTo("outbox.events");
    }

    @Test
    void theExchangeIsReadFromOneVariable() {
        assertThat(EventTopology.exchange(new Env(Map.of("EVENTS_EXCHANGE", "orders.events"))))
                .isEqualTo("orders.events");
    }

    @Test
    void aFormerNameStillWorksAlone() {
        assertThat(EventTopology.exchange(new Env(Map.of("WORKER_EXCHANGE", "orders.events"))))
                .isEqualTo("orders.events");
    }

    @Test
    void formerNamesThatAgreeAreOneExchange() {
        Env env = new Env(Map.of("EVENTS_EXCHANGE", "orders.events", "RELAY_EXCHANGE", "orders.events"));

        assertThat(EventTopology.exchange(env)).isEqualTo("orders.events");
    }

    @Test
    void twoNamesForTwoExchangesStopTheStart() {
        Env env = new Env(Map.of("RELAY_EXCHANGE", "a.events", "WORKER_EXCHANGE", "b.events"));

        assertThatThrownBy(() -> EventTopology.exchange(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RELAY_EXCHANGE=a.events")
                .hasMessageContaining("WORKER_EXCHANGE=b.events")
                .hasMessageContaining("Set EVENTS_EXCHANGE only");
    }

    @Test
    void unroutableEventsGoToTheUnroutedQueueByDefaultAndAreHeldWithNone() {
        assertThat(EventTopology.unroutedQueue(new Env(Map.of()))).contains("outbox.unrouted");
        assertThat(EventTopology.unroutedQueue(new Env(Map.of("RELAY_UNROUTED_QUEUE", "none"))))
                .isEmpty();
    }

    @Test
    void theUnroutedQueuesFormerVariableIsStillRead() {
        assertThat(EventTopology.unroutedQueue(new Env(Map.of("RELAY_UNROUTABLE_QUEUE", "orders.unrouted"))))
                .contains("orders.unrouted");
        assertThatThrownBy(() -> EventTopology.unroutedQueue(
                        new Env(Map.of("RELAY_UNROUTABLE_QUEUE", "orders.unrouted", "RELAY_UNROUTED_QUEUE", "none"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Set RELAY_UNROUTED_QUEUE only (RELAY_UNROUTABLE_QUEUE is its former name)");
    }
}
