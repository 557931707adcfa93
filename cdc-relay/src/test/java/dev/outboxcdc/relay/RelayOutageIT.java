package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.CuttableConnections;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TcpProxy;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.EventTopology;
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
    private CuttableConnections connections;

    @Override
    Map<String, String> modeEnvironment() {
        return Map.of("RELAY_MODE", "cdc");
    }

    @BeforeEach
    void openProxies() throws Exception {
        connections = CuttableConnections.open();
    }

    @AfterEach
    void closeProxies() throws Exception {
        connections.close();
    }

    private ServiceProcess startRelayThroughProxies() throws Exception {
        Map<String, String> env = new HashMap<>(modeEnvironment());
        env.putAll(connections.environment());
        env.put(EventTopology.EXCHANGE_VARIABLE, exchange);
        env.put("RELAY_NAME", RELAY_NAME);
        ServiceProcess relay = ServiceProcess.start(
                "dev.outboxcdc.relay.Main", TestEnvironment.get().variables(env), "RelayOutageIT-" + (++started));
        relays.add(relay);
        return relay;
    }

    @Test
    void aBrokerOutageIsRetriedWithBackoffAndLosesNothing() throws Exception {
        ServiceProcess relay = startRelayThroughProxies();
        List<String> ids = new ArrayList<>(rows.insertConcurrently(2, 5, 10));
        awaitAllDelivered(ids);

        connections.broker().cut();
        ids.addAll(rows.insertConcurrently(2, 5, 10));
        await().atMost(DELIVERY_TIMEOUT).until(() -> relay.output().contains("not confirmed"));
        connections.broker().restore();

        awaitAllDelivered(ids);
        assertThat(relay.isAlive()).isTrue();
        assertThat(relay.output()).contains("Broker confirms again");
    }

    @Test
    void aDatabaseOutageIsSurvivedAndStreamingResumesFromTheStoredOffset() throws Exception {
        ServiceProcess relay = startRelayThroughProxies();
        List<String> ids = new ArrayList<>(rows.insertConcurrently(2, 5, 10));
        awaitAllDelivered(ids);

        connections.database().cut();
        ids.addAll(rows.insertConcurrently(2, 5, 10));
        connections.database().restore();

        awaitAllDelivered(ids);
        assertThat(relay.isAlive()).isTrue();
    }

    @Test
    void aHalfOpenDatabaseLinkIsReplacedAndTheRelayEndsItsOwnGhostLeaseInsteadOfStandingBy() throws Exception {
        ServiceProcess relay = startRelayThroughProxies();

        // The binlog, lease and pool connections stay open and carry nothing; the server keeps their
        // sessions, the lease's lock among them.
        publishesAgainAfterFreezing(connections.database(), "database links");

        assertThat(relay.isAlive()).isTrue();
        assertThat(relay.output())
                .as("the fault happened: the relay gave its lease session up")
                .contains("the relay lease was lost")
                .contains("held by this relay's own former session");
    }

    @Test
    void aHalfOpenBrokerLinkIsDetectedByAnUnansweredRoundTripAndReplacedWithoutARestart() throws Exception {
        ServiceProcess relay = startRelayThroughProxies();

        publishesAgainAfterFreezing(connections.broker(), "broker link");

        assertThat(relay.isAlive()).isTrue();
        assertThat(relay.output())
                .as("the fault happened: the frozen connection was given up for an unanswered probe")
                .contains("(a half-open link?): giving it up");
    }

    /**
     * Rows delivered, then {@code link}'s open connections frozen as a NAT that forgot their flows
     * leaves them (both ends open, nothing passes, new connections pass), then rows written after it
     * delivered too: prints how long that took.
     */
    private void publishesAgainAfterFreezing(TcpProxy link, String which) throws Exception {
        awaitAllDelivered(rows.insertConcurrently(2, 5, 10));
        link.freezeOpenConnections();
        long frozenAt = System.nanoTime();
        awaitAllDelivered(rows.insertConcurrently(2, 5, 10));
        System.out.printf(
                "published again %d ms after the relay's %s went half-open%n",
                (System.nanoTime() - frozenAt) / 1_000_000, which);
    }
}
