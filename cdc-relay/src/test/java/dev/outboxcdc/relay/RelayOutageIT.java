package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.testsupport.ServiceProcess;
import dev.outboxcdc.testsupport.TcpProxy;
import dev.outboxcdc.testsupport.TestEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay reaches the database and the broker through connections the test can cut: an outage
 * of either is survived without a restart, and nothing is lost.
 */
class RelayOutageIT extends RelayTestBase {
    private TcpProxy database;
    private TcpProxy broker;

    @Override
    Map<String, String> modeEnvironment() {
        return Map.of("RELAY_MODE", "cdc");
    }

    @BeforeEach
    void openProxies() throws Exception {
        Env env = TestEnvironment.get().env(Map.of());
        database = new TcpProxy(env.string("DB_HOST", "127.0.0.1"), env.integer("DB_PORT", 3307, 1, 65535));
        URI amqp = TestEnvironment.get().amqp().uri();
        broker = new TcpProxy(amqp.getHost(), amqp.getPort() < 0 ? 5672 : amqp.getPort());
    }

    @AfterEach
    void closeProxies() throws Exception {
        database.close();
        broker.close();
    }

    private ServiceProcess startRelayThroughProxies() throws Exception {
        URI amqp = TestEnvironment.get().amqp().uri();
        Map<String, String> env = new HashMap<>(modeEnvironment());
        env.put("RELAY_EXCHANGE", exchange);
        env.put("RELAY_NAME", RELAY_NAME);
        env.put("DB_PORT", Integer.toString(database.port()));
        env.put("AMQP_URI", amqp.getScheme() + "://" + amqp.getRawUserInfo() + "@127.0.0.1:" + broker.port() + amqp.getRawPath());
        ServiceProcess relay = ServiceProcess.start("dev.outboxcdc.relay.Main", TestEnvironment.get().variables(env),
                "RelayOutageIT-" + (++started));
        relays.add(relay);
        return relay;
    }

    @Test
    void aBrokerOutageIsRetriedWithBackoffAndLosesNothing() throws Exception {
        ServiceProcess relay = startRelayThroughProxies();
        List<String> ids = new ArrayList<>(rows.insertConcurrently(2, 5, 10));
        awaitAllDelivered(ids);

        broker.cut();
        ids.addAll(rows.insertConcurrently(2, 5, 10));
        await().atMost(DELIVERY_TIMEOUT).until(() -> relay.output().contains("not confirmed"));
        broker.restore();

        awaitAllDelivered(ids);
        assertThat(relay.isAlive()).isTrue();
        assertThat(relay.output()).contains("Broker confirms again");
    }

    @Test
    void aDatabaseOutageIsSurvivedAndStreamingResumesFromTheStoredOffset() throws Exception {
        ServiceProcess relay = startRelayThroughProxies();
        List<String> ids = new ArrayList<>(rows.insertConcurrently(2, 5, 10));
        awaitAllDelivered(ids);

        database.cut();
        ids.addAll(rows.insertConcurrently(2, 5, 10));
        database.restore();

        awaitAllDelivered(ids);
        assertThat(relay.isAlive()).isTrue();
    }
}
