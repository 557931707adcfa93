package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import dev.outboxcdc.worker.handler.CustomerUpdatedHandler;
import dev.outboxcdc.worker.handler.MessageHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade of producer and consumer while events of both versions are in flight: a worker of
 * the build before CustomerCreated v2 (reads v1 only) and a worker of the new build (reads v1 and v2)
 * consume one queue, while the publisher goes from 0.1 messages (no CloudEvents attributes) to v1 and
 * then to v2 (with locale), each customer's update behind its create. Every event is handled exactly
 * once by a handler that reads its version, or parked by the old worker saying why; once the old
 * worker is gone, the parked ones are requeued and handled; none is lost, every update applied after
 * its create.
 */
class RollingUpgradeIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final int PER_PHASE = 60;
    private final List<WorkerFixture> fixtures = new ArrayList<>();
    private final Map<String, String> localeOf = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        fixtures.get(0).forgetReadModel(new ArrayList<>(localeOf.keySet()));
        for (WorkerFixture fixture : fixtures) {
            fixture.close();
        }
    }

    @Test
    void oldAndNewWorkersOnOneQueueHandleEveryEventOnceOrParkWhatTheOldCannotReadAndNothingIsLost() throws Exception {
        // Small prefetch and batches: both workers get deliveries of every phase.
        Map<String, String> settings =
                Map.of("WORKER_PREFETCH", "4", "WORKER_BATCH_SIZE", "4", "WORKER_MAX_WAITS", "2000");
        WorkerFixture oldBuild = fixture(settings, null);
        WorkerFixture newBuild = fixture(settings, oldBuild);
        oldBuild.startWorker(handlers(Set.of(1)));
        newBuild.startWorker(handlers(Set.of(1, 2)));

        List<String> legacy = new ArrayList<>();
        for (int i = 0; i < PER_PHASE; i++) {
            String id = customer(null);
            oldBuild.publish(UUID.randomUUID().toString(), CustomerEvents.CREATED, created(id, null), id);
            oldBuild.publish(UUID.randomUUID().toString(), CustomerEvents.UPDATED, updated(id), id);
            legacy.add(id);
        }
        for (int i = 0; i < PER_PHASE; i++) {
            String id = customer(null);
            oldBuild.publishCloudEvent(CustomerEvents.CREATED, 1, id, created(id, null));
            oldBuild.publishCloudEvent(CustomerEvents.UPDATED, 1, id, updated(id));
        }
        List<String> v2 = new ArrayList<>();
        for (int i = 0; i < PER_PHASE; i++) {
            String id = customer(i % 2 == 0 ? "pt-BR" : "en-GB");
            oldBuild.publishCloudEvent(CustomerEvents.CREATED, 2, id, created(id, localeOf.get(id)));
            oldBuild.publishCloudEvent(CustomerEvents.UPDATED, 1, id, updated(id));
            v2.add(id);
        }

        // Every v1 and 0.1 create is handled, by either worker; the v2 ones the old worker got are parked.
        String parkingLot = SubscriberQueues.parkingLot(oldBuild.queue);
        await().atMost(TIMEOUT)
                .until(() -> localeOf.keySet().stream()
                                .filter(id -> localeOf.get(id) == null)
                                .allMatch(id -> oldBuild.effects(id) == 1)
                        && handledOrParked(oldBuild, v2, parkingLot));
        long parked = oldBuild.messagesIn(parkingLot);
        System.out.printf("the old worker parked %d of %d v2 creates%n", parked, v2.size());
        assertThat(parked)
                .as("v2 events the old worker received (both versions were in flight, on both workers)")
                .isPositive();
        assertThat(oldBuild.browse(parkingLot))
                .as("a parked copy keeps the event's CloudEvents attributes")
                .allSatisfy(
                        message -> assertThat(message.getProps().getHeaders().get(CloudEventAttributes.DATA_SCHEMA))
                                .hasToString("https://outbox-cdc.dev/contracts/customer-created/v2.json"))
                .extracting(message -> message.getProps()
                        .getHeaders()
                        .get(MessageHeaders.LAST_ERROR)
                        .toString())
                .allSatisfy(reason -> assertThat(reason)
                        .startsWith("CustomerCreated v2 (https://outbox-cdc.dev/contracts/customer-created/v2.json)"
                                + " is not read by this consumer, which reads CustomerCreated v[1]"));
        assertThat(v2)
                .allSatisfy(id -> assertThat(welcomeLocales(oldBuild, id))
                        .as("a v2 create is never handled as v1")
                        .isIn(List.of(), List.of(localeOf.get(id))));

        // The upgrade completes: the old worker stops, what it parked is requeued.
        oldBuild.stopWorker();
        assertThat(oldBuild.requeueParked()).isEqualTo(parked);

        await().atMost(TIMEOUT)
                .until(() -> localeOf.keySet().stream()
                        .allMatch(id -> newBuild.effects(id) == 1 && "1,2".equals(newBuild.appliedVersions(id))));
        assertThat(v2).allSatisfy(id -> assertThat(welcomeLocales(newBuild, id)).containsExactly(localeOf.get(id)));
        assertThat(legacy)
                .allSatisfy(id -> assertThat(welcomeLocales(newBuild, id)).containsExactly((String) null));
        assertThat(newBuild.messagesIn(parkingLot)).isZero();
        assertThat(newBuild.db.count(
                        "SELECT COUNT(*) FROM outbox.processed_messages WHERE consumer = ?", newBuild.queue))
                .as("every event recorded once")
                .isEqualTo(6L * PER_PHASE);
    }

    private boolean handledOrParked(WorkerFixture fixture, List<String> v2, String parkingLot) throws Exception {
        long handled = v2.stream().filter(id -> fixture.effects(id) == 1).count();
        return handled + fixture.messagesIn(parkingLot) == v2.size();
    }

    private String customer(String locale) {
        String id = UUID.randomUUID().toString();
        localeOf.put(id, locale);
        return id;
    }

    private static List<String> welcomeLocales(WorkerFixture fixture, String customerId) {
        return fixture.db
                .jdbi()
                .withHandle(
                        handle -> handle.createQuery("SELECT locale FROM outbox.welcome_emails WHERE customer_id = :id")
                                .bind("id", customerId)
                                .mapTo(String.class)
                                .list());
    }

    private static String created(String id, String locale) {
        return "{\"id\":\"" + id + "\",\"name\":\"Ada\",\"email\":\"" + id + "@example.com\""
                + (locale == null ? "" : ",\"locale\":\"" + locale + "\"")
                + ",\"createdAt\":\"2026-12-03T09:00:00Z\",\"version\":1}";
    }

    private static String updated(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"Ada King\",\"email\":\"" + id
                + "@example.com\",\"updatedAt\":\"2026-12-03T09:00:01Z\",\"version\":2}";
    }

    private static List<MessageHandler> handlers(Set<Integer> createdVersions) {
        return List.of(new CustomerCreatedHandler(createdVersions), new CustomerUpdatedHandler());
    }

    private WorkerFixture fixture(Map<String, String> settings, WorkerFixture sameQueue) throws Exception {
        WorkerFixture fixture =
                sameQueue == null ? new WorkerFixture(settings) : new WorkerFixture(settings, sameQueue);
        fixtures.add(fixture);
        return fixture;
    }
}
