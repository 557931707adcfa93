package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import dev.outboxcdc.worker.handler.CustomerUpdatedHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code WORKER_PARTITIONS=4} each customer's events go to one partition, consumed by one
 * consumer at a time in publish order: every version applied once and in order with no update ever
 * waiting for its predecessor, although the customers' events are interleaved and four consumers
 * start in parallel on a backlog of them (one queue instead: updates overtake their creates and wait).
 */
class CustomerOrderInPartitionsIT {
    private static final int CUSTOMERS = 100;
    private static final int UPDATES = 10;
    private final List<String> customers = new ArrayList<>();
    private WorkerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        WorkerFixture.assumeTheConsistentHashExchange();
        fixture = new WorkerFixture(Map.of("WORKER_PARTITIONS", "4", "WORKER_CONCURRENCY", "4"));
        // Declares the partitions; the events then wait in them, so that the consumers start on a backlog.
        fixture.startWorker(List.of(new CustomerCreatedHandler(), new CustomerUpdatedHandler()));
        fixture.stopWorker();
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.forgetReadModel(customers);
            fixture.close();
        }
    }

    @Test
    void everyCustomersVersionsAreAppliedInOrderWithoutWaiting() throws Exception {
        for (int n = 0; n < CUSTOMERS; n++) {
            customers.add(UUID.randomUUID().toString());
        }
        fixture.publishInterleaved(customers, UPDATES + 1);
        fixture.startWorker(List.of(new CustomerCreatedHandler(), new CustomerUpdatedHandler()));

        String expected = String.join(
                ",",
                LongStream.rangeClosed(1, UPDATES + 1).mapToObj(Long::toString).toList());
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> customers.stream().allMatch(id -> expected.equals(fixture.appliedVersions(id))));

        for (String id : customers) {
            assertThat(fixture.appliedVersions(id)).as(id).isEqualTo(expected);
            assertThat(fixture.effects(id)).as("welcome emails of " + id).isEqualTo(1);
        }
        assertThat(fixture.metrics().sum("outbox_worker_messages_held_total"))
                .as("events held back to wait for their predecessor")
                .isZero();
        List<Long> perPartition = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            perPartition.add(fixture.messagesIn(SubscriberQueues.partition(fixture.queue, i)));
        }
        assertThat(perPartition).as("every partition drained").containsOnly(0L);
        assertThat(fixture.messagesIn(SubscriberQueues.parkingLot(fixture.queue)))
                .isZero();
    }
}
