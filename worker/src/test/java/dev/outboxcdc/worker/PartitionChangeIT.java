package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import dev.outboxcdc.worker.handler.CustomerUpdatedHandler;
import dev.outboxcdc.worker.handler.MessageHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changing {@code WORKER_PARTITIONS} loses nothing: the queues the new setting no longer uses are
 * unbound, consumed until empty, and deleted once they are.
 */
class PartitionChangeIT {
    @BeforeEach
    void theBrokerHasTheConsistentHashExchange() throws Exception {
        WorkerFixture.assumeTheConsistentHashExchange();
    }

    private static final List<MessageHandler> HANDLERS =
            List.of(new CustomerCreatedHandler(), new CustomerUpdatedHandler());
    private final List<String> customers = new ArrayList<>();
    private final List<WorkerFixture> fixtures = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (fixtures.isEmpty()) {
            return;
        }
        fixtures.get(0).forgetReadModel(customers);
        for (WorkerFixture fixture : fixtures) {
            fixture.close();
        }
    }

    @Test
    void eventsWaitingInTheSingleQueueAreHandledAfterTheMoveToPartitionsAndTheQueueGoes() throws Exception {
        WorkerFixture single = fixture(Map.of());
        single.startWorker(HANDLERS);
        single.stopWorker();
        publishCreates(single, 50);
        assertThat(single.messagesIn(single.queue))
                .as("waiting in the single queue")
                .isEqualTo(50);

        WorkerFixture partitioned = fixture(Map.of("WORKER_PARTITIONS", "4"), single);
        partitioned.startWorker(HANDLERS);
        publishCreates(partitioned, 20);

        await().atMost(Duration.ofMinutes(1))
                .until(() -> customers.stream().allMatch(id -> partitioned.effects(id) == 1));
        assertThat(partitioned.messagesIn(partitioned.queue))
                .as("the old queue, drained and unbound")
                .isZero();
        partitioned.stopWorker();
        partitioned.startWorker(HANDLERS);
        assertThat(partitioned.queueExists(partitioned.queue))
                .as("deleted once empty")
                .isFalse();
    }

    @Test
    void eventsWaitingInPartitionsThatGoAwayAreHandledAndThePartitionsGo() throws Exception {
        WorkerFixture four = fixture(Map.of("WORKER_PARTITIONS", "4"));
        four.startWorker(HANDLERS);
        four.stopWorker();
        publishCreates(four, 60);
        long inRetired = four.messagesIn(SubscriberQueues.partition(four.queue, 2))
                + four.messagesIn(SubscriberQueues.partition(four.queue, 3));
        assertThat(inRetired).as("waiting in the partitions that go away").isPositive();

        WorkerFixture two = fixture(Map.of("WORKER_PARTITIONS", "2"), four);
        two.startWorker(HANDLERS);

        await().atMost(Duration.ofMinutes(1)).until(() -> customers.stream().allMatch(id -> two.effects(id) == 1));
        two.stopWorker();
        two.startWorker(HANDLERS);
        assertThat(two.queueExists(SubscriberQueues.partition(two.queue, 2))).isFalse();
        assertThat(two.queueExists(SubscriberQueues.partition(two.queue, 3))).isFalse();
        assertThat(two.queueExists(SubscriberQueues.partition(two.queue, 1))).isTrue();
    }

    @Test
    void eventsWaitingInPartitionsAreHandledAfterTheMoveBackToOneQueueAndThePartitionsGo() throws Exception {
        WorkerFixture four = fixture(Map.of("WORKER_PARTITIONS", "4"));
        four.startWorker(HANDLERS);
        four.stopWorker();
        publishCreates(four, 40);

        WorkerFixture one = fixture(Map.of(), four);
        one.startWorker(HANDLERS);
        publishCreates(one, 10);

        await().atMost(Duration.ofMinutes(1)).until(() -> customers.stream().allMatch(id -> one.effects(id) == 1));
        assertThat(one.messagesIn(one.queue)).isZero();
        one.stopWorker();
        one.startWorker(HANDLERS);
        for (int i = 0; i < 4; i++) {
            assertThat(one.queueExists(SubscriberQueues.partition(one.queue, i)))
                    .as("partition " + i)
                    .isFalse();
        }
    }

    private WorkerFixture fixture(Map<String, String> settings) throws Exception {
        WorkerFixture fixture = new WorkerFixture(settings);
        fixtures.add(fixture);
        return fixture;
    }

    /** The same exchange and queue names as {@code earlier}, with other settings. */
    private WorkerFixture fixture(Map<String, String> settings, WorkerFixture earlier) throws Exception {
        WorkerFixture fixture = new WorkerFixture(settings, earlier);
        fixtures.add(0, fixture); // closed first: the earlier one deletes what both used
        return fixture;
    }

    private void publishCreates(WorkerFixture fixture, int count) throws Exception {
        for (int n = 0; n < count; n++) {
            String id = UUID.randomUUID().toString();
            customers.add(id);
            fixture.publishCreated(id);
        }
    }
}
