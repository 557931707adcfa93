package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.harness.CuttableConnections;
import dev.outboxcdc.harness.MetricsScrape;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.testsupport.TestQueue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every relay mode promises: every committed outbox row is published, with its properties,
 * in commit order per aggregate, and a stop or a crash — even while messages wait for their
 * confirms — loses nothing.
 */
abstract class RelayDeliveryContract extends RelayTestBase {

    @Test
    void everyCommittedRowIsPublishedWithItsPropertiesInCommitOrderPerAggregate() throws Exception {
        Instant testStarted = Instant.now().minusSeconds(1);
        ServiceProcess relay = startRelay();

        List<String> ids = rows.insertConcurrently(8, 25, 10);

        awaitAllDelivered(ids);
        List<TestQueue.Received> received = queue.receivedOf(new HashSet<>(ids));
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Integer>> sequenceByAggregate = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (TestQueue.Received message : received) {
            assertThat(message.routingKey()).isEqualTo(rows.aggregateType() + ".ItemAdded");
            assertThat(message.type()).isEqualTo("ItemAdded");
            assertThat(message.contentType()).isEqualTo("application/json");
            assertThat(message.deliveryMode()).isEqualTo(2);
            assertThat(message.header(MessageHeaders.AGGREGATE_TYPE)).isEqualTo(rows.aggregateType());
            JsonNode payload = json.readTree(message.body());
            assertThat(message.header(CloudEventAttributes.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(message.header(CloudEventAttributes.ID)).isEqualTo(message.messageId());
            assertThat(message.header(CloudEventAttributes.TYPE)).isEqualTo("ItemAdded");
            assertThat(message.header(CloudEventAttributes.SOURCE)).isEqualTo(EventTopology.DEFAULT_SOURCE);
            assertThat(message.header(CloudEventAttributes.SUBJECT))
                    .isEqualTo(payload.get("aggregate").asText());
            assertThat(Instant.parse(message.header(CloudEventAttributes.TIME))).isBetween(testStarted, Instant.now());
            assertThat(message.header(CloudEventAttributes.DATA_SCHEMA))
                    .as("ItemAdded has no schema in contracts/")
                    .isNull();
            assertThat(message.header(MessageHeaders.AGGREGATE_ID))
                    .isEqualTo(payload.get("aggregate").asText());
            if (seen.add(message.messageId())) {
                sequenceByAggregate
                        .computeIfAbsent(message.header(MessageHeaders.AGGREGATE_ID), key -> new ArrayList<>())
                        .add(payload.get("n").asInt());
            }
        }
        assertThat(ids).hasSize(2000);
        assertThat(sequenceByAggregate).hasSize(8);
        sequenceByAggregate
                .values()
                .forEach(sequence -> assertThat(sequence).isSorted().hasSize(250));
        relay.stopCleanly(Duration.ofSeconds(10));
    }

    @Test
    void aGracefulStopWhileMessagesAreUnconfirmedStoresNothingPastThemAndTheyArePublishedAgain() throws Exception {
        stopWhileUnconfirmed("graceful stop (SIGTERM)", relay -> relay.stopCleanly(Duration.ofSeconds(15)));
    }

    /**
     * SIGTERM while the broker's confirms are late, not lost: the relay lets the batch in flight
     * finish before it stops, so its successor publishes none of it again.
     */
    @Test
    void aGracefulStopLetsTheBatchInFlightFinishWhenItsConfirmsAreOnlyLate() throws Exception {
        try (CuttableConnections connections = CuttableConnections.open()) {
            ServiceProcess relay = startRelay(connections.environment());
            List<String> inFlight = publishWithConfirmsHeld(connections, relay);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return relay.terminate(Duration.ofSeconds(15));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(DELIVERY_TIMEOUT).until(() -> relay.output().contains("relay stopping"));
            assertThat(exit).as("the stop waits for the batch in flight").isNotDone();
            connections.broker().releaseReplies();
            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();

            List<String> afterRestart = rows.insertConcurrently(2, 5, 10);
            startRelay();
            awaitAllDelivered(afterRestart);
            awaitAllDelivered(inFlight);
            assertThat(copiesOf(inFlight))
                    .as("published once, none again by the successor")
                    .allSatisfy((id, copies) -> assertThat(copies).as(id).isEqualTo(1));
        }
    }

    @Test
    void aCrashWhileMessagesAreUnconfirmedStoresNothingPastThemAndTheyArePublishedAgain() throws Exception {
        stopWhileUnconfirmed("crash (kill -9)", ServiceProcess::kill);
    }

    /**
     * The broker takes the messages (they reach the test's queue) and confirms them, but the
     * confirms are held back on the way to the relay, which is stopped while it waits for them. Its
     * successor must publish every one of them again, and go on with rows written in between.
     */
    private void stopWhileUnconfirmed(String how, Stop stop) throws Exception {
        try (CuttableConnections connections = CuttableConnections.open()) {
            ServiceProcess relay = startRelay(connections.environment());
            List<String> pending = publishWithConfirmsHeld(connections, relay);
            List<String> unconfirmed = List.copyOf(copiesOf(pending).entrySet().stream()
                    .filter(copies -> copies.getValue() > 0)
                    .map(Map.Entry::getKey)
                    .toList());
            assertThat(relay.output())
                    .as("the relay saw no confirm, nor gave up waiting for one")
                    .doesNotContain("not confirmed");
            stop.accept(relay);
            Map<String, Long> copiesAtStop = copiesOf(unconfirmed);

            List<String> writtenWhileDown = rows.insertConcurrently(2, 5, 10);
            startRelay();

            awaitAllDelivered(pending);
            awaitAllDelivered(writtenWhileDown);
            await().atMost(DELIVERY_TIMEOUT)
                    .untilAsserted(() -> assertThat(copiesOf(unconfirmed))
                            .allSatisfy(
                                    (id, copies) -> assertThat(copies).as(id).isGreaterThan(copiesAtStop.get(id))));
            System.out.printf(
                    "%s %s: %d messages published but unconfirmed at the stop (%d bytes of confirms held back),"
                            + " every one published again%n",
                    getClass().getSimpleName(),
                    how,
                    unconfirmed.size(),
                    connections.broker().bytesHeld());
        }
    }

    /**
     * Writes a first batch and waits until it is delivered with every confirm back at the relay; then
     * holds the broker's replies and writes a second, and returns its ids once some of it reached the
     * broker and confirms are being held.
     */
    private List<String> publishWithConfirmsHeld(CuttableConnections connections, ServiceProcess relay)
            throws Exception {
        awaitAllDelivered(rows.insertConcurrently(2, 5, 10));
        URI metrics = await().atMost(DELIVERY_TIMEOUT)
                .until(relay::metricsUrl, Optional::isPresent)
                .orElseThrow();
        await().atMost(DELIVERY_TIMEOUT)
                .until(() -> MetricsScrape.of(metrics).sum("outbox_relay_messages_in_flight") == 0);

        connections.broker().holdReplies();
        List<String> pending = rows.insertConcurrently(2, 5, 10);
        await().atMost(DELIVERY_TIMEOUT)
                .until(() -> !queue.receivedOf(new HashSet<>(pending)).isEmpty()
                        && connections.broker().bytesHeld() > 0);
        return pending;
    }

    private Map<String, Long> copiesOf(List<String> ids) {
        Map<String, Long> copies = new HashMap<>();
        ids.forEach(id -> copies.put(id, 0L));
        queue.receivedOf(new HashSet<>(ids)).forEach(message -> copies.merge(message.messageId(), 1L, Long::sum));
        return copies;
    }

    private interface Stop {
        void accept(ServiceProcess relay) throws Exception;
    }

    @Test
    void anEventOfACataloguedTypeNamesTheSchemaVersionItWasWrittenInAsItsDataschema() throws Exception {
        startRelay(Map.of("EVENT_SOURCE", "https://example.com/shop"));
        EventSchemas schemas = EventSchemas.load();

        List<String> ids =
                List.of(rows.insertCustomerCreated(1), rows.insertCustomerCreated(2), rows.insertCustomerCreated(7));

        awaitAllDelivered(ids);
        Map<String, TestQueue.Received> byId = new HashMap<>();
        queue.receivedOf(new HashSet<>(ids)).forEach(message -> byId.put(message.messageId(), message));
        assertThat(byId.get(ids.get(0)).header(CloudEventAttributes.DATA_SCHEMA))
                .isEqualTo(
                        schemas.version(CustomerEvents.CREATED, 1).orElseThrow().id());
        assertThat(byId.get(ids.get(1)).header(CloudEventAttributes.DATA_SCHEMA))
                .isEqualTo(
                        schemas.version(CustomerEvents.CREATED, 2).orElseThrow().id());
        assertThat(byId.get(ids.get(2)).header(CloudEventAttributes.DATA_SCHEMA))
                .as("a version the catalogue does not have is named by no dataschema")
                .isNull();
        assertThat(byId.values())
                .allSatisfy(message ->
                        assertThat(message.header(CloudEventAttributes.SOURCE)).isEqualTo("https://example.com/shop"));
    }

    @Test
    void rowsWrittenWhileTheRelayIsDownArrive() throws Exception {
        List<String> ids = rows.insertConcurrently(2, 5, 10);

        startRelay();

        awaitAllDelivered(ids);
    }

    @Test
    void withHoldingConfiguredUnroutableMessagesAreNotMarkedAndArriveOnceAQueueIsBound() throws Exception {
        String lonelyExchange = exchange + ".unbound";
        Map<String, String> env = new HashMap<>(modeEnvironment());
        env.put(EventTopology.EXCHANGE_VARIABLE, lonelyExchange);
        env.put("RELAY_NAME", RELAY_NAME);
        env.put(EventTopology.UNROUTED_VARIABLE, EventTopology.HOLD_UNROUTABLE);
        ServiceProcess relay = ServiceProcess.start(
                "dev.outboxcdc.relay.Main",
                TestEnvironment.get().variables(env),
                getClass().getSimpleName() + "-unroutable-" + (++started));
        relays.add(relay);
        List<String> ids = rows.insertConcurrently(1, 1, 10);
        await().atMost(DELIVERY_TIMEOUT).until(() -> relay.output().contains("returned as unroutable"));
        // Restarted while they are held back: only an offset (or mark) that never passed them
        // makes the new relay publish them again.
        relay.stopCleanly(Duration.ofSeconds(15));
        ServiceProcess restarted = ServiceProcess.start(
                "dev.outboxcdc.relay.Main",
                TestEnvironment.get().variables(env),
                getClass().getSimpleName() + "-unroutable-" + (++started));
        relays.add(restarted);
        await().atMost(DELIVERY_TIMEOUT).until(() -> restarted.output().contains("returned as unroutable"));

        try (TestQueue late = TestQueue.bound(TestEnvironment.get().amqp(), lonelyExchange, "#")) {
            await().atMost(DELIVERY_TIMEOUT)
                    .untilAsserted(() -> assertThat(late.distinctIds()).containsAll(ids));
        }
    }

    @Test
    void eventsNoQueueIsBoundForAreSetAsideLoggedAndCountedAndTheStreamGoesOn() throws Exception {
        String unroutedQueue = "it.unrouted." + UUID.randomUUID();
        String known = exchange + ".known";
        OutboxRows nobodysType =
                new OutboxRows(db, "nobody" + UUID.randomUUID().toString().substring(0, 8));
        // Only the test's own aggregate type has a subscriber on this exchange.
        try (TestQueue onlyKnown = TestQueue.bound(TestEnvironment.get().amqp(), known, rows.aggregateType() + ".#")) {
            Map<String, String> env = new HashMap<>(modeEnvironment());
            env.putAll(Map.of(
                    EventTopology.EXCHANGE_VARIABLE,
                    known,
                    "RELAY_NAME",
                    RELAY_NAME,
                    EventTopology.UNROUTED_VARIABLE,
                    unroutedQueue));
            ServiceProcess relay = ServiceProcess.start(
                    "dev.outboxcdc.relay.Main",
                    TestEnvironment.get().variables(env),
                    getClass().getSimpleName() + "-unrouted-" + (++started));
            relays.add(relay);

            List<String> unsubscribed = nobodysType.insertConcurrently(1, 1, 3);
            List<String> after = rows.insertConcurrently(1, 2, 5);

            await().atMost(DELIVERY_TIMEOUT)
                    .untilAsserted(() -> assertThat(onlyKnown.distinctIds()).containsAll(after));
            await().atMost(DELIVERY_TIMEOUT).until(() -> messageCount(unroutedQueue) >= unsubscribed.size());
            assertThat(relay.output())
                    .contains("moved to the unrouted queue " + unroutedQueue)
                    .contains("since start)");
            assertThat(onlyKnown.distinctIds()).doesNotContainAnyElementsOf(unsubscribed);
        } finally {
            nobodysType.deleteAll();
            try (var connection = TestEnvironment.get().amqp().connect("it-cleanup");
                    var channel = connection.createChannel()) {
                channel.queueDelete(unroutedQueue);
            }
        }
    }

    private static long messageCount(String queue) throws Exception {
        try (var connection = TestEnvironment.get().amqp().connect("it-count");
                var channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }
}
