package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.testsupport.TestQueue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A relay in a process of its own against the real database and broker, a queue bound to its
 * exchange with {@code #}, and test rows of a fresh aggregate type, cleaned up after each test.
 */
abstract class RelayTestBase {
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(90);
    static int started;

    final String exchange = "it.outbox." + UUID.randomUUID();
    TestDatabase db;
    OutboxRows rows;
    TestQueue queue;
    final List<ServiceProcess> relays = new ArrayList<>();

    /** The mode's environment, e.g. {@code RELAY_MODE=polling}. */
    abstract Map<String, String> modeEnvironment();

    /**
     * The tests' relays have a name of their own, so that their lease and offset tables never meet
     * those of a relay that {@code make run} may be running at the same time.
     */
    static final String RELAY_NAME = "it-relay";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.admin();
        for (String table : new String[] {"relay_offsets_it_relay", "relay_schema_history_it_relay"}) {
            db.execute("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON outbox." + table + " TO 'outbox_relay'@'%'");
        }
        rows = new OutboxRows(db, "it" + UUID.randomUUID().toString().substring(0, 8));
        queue = TestQueue.bound(TestEnvironment.get().amqp(), exchange, "#");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ServiceProcess relay : relays) {
            relay.close();
        }
        queue.close();
        rows.deleteAll();
        db.close();
    }

    ServiceProcess startRelay() throws Exception {
        return startRelay(Map.of());
    }

    /**
     * Waits until {@code relay} streams (its readiness {@code UP}): rows written from then on come
     * after its position whatever its snapshot mode. Without it, a relay in {@code no_data} mode that
     * finds the offsets of a snapshot cut short (the previous test's relay stopped while
     * snapshotting) starts from "now" a moment after the rows the test wrote at once.
     */
    void awaitStreaming(ServiceProcess relay) {
        await().atMost(DELIVERY_TIMEOUT)
                .until(() -> relay.metricsUrl()
                        .map(metrics -> readiness(metrics.resolve("/health/ready")) == 200)
                        .orElse(false));
    }

    private static int readiness(URI ready) {
        try {
            return HTTP.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    ServiceProcess startRelay(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(modeEnvironment());
        env.put("RELAY_NAME", RELAY_NAME);
        env.putAll(extra);
        env.put(EventTopology.EXCHANGE_VARIABLE, exchange);
        ServiceProcess relay = ServiceProcess.start(
                "dev.outboxcdc.relay.Main",
                TestEnvironment.get().variables(env),
                getClass().getSimpleName() + "-" + (++started));
        relays.add(relay);
        return relay;
    }

    void awaitAllDelivered(List<String> ids) throws Exception {
        Set<String> expected = new HashSet<>(ids);
        try {
            await().atMost(DELIVERY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(queue.distinctIds()).containsAll(expected));
        } catch (ConditionTimeoutException e) {
            recordWhereTheRelaysWait();
            throw e;
        }
    }

    /**
     * For a delivery that never came: each running relay's threads (into its log) and the database's
     * sessions (into the test's output), the two places a stuck start is seen.
     */
    private void recordWhereTheRelaysWait() throws Exception {
        for (ServiceProcess relay : relays) {
            relay.dumpThreads();
        }
        db.jdbi()
                .useHandle(handle -> handle.createQuery("SHOW FULL PROCESSLIST")
                        .mapToMap()
                        .forEach(session -> {
                            System.out.println("database session at the timeout: " + session);
                        }));
    }

    long duplicatesOf(List<String> ids) {
        return queue.receivedOf(new HashSet<>(ids)).size() - ids.size();
    }
}
