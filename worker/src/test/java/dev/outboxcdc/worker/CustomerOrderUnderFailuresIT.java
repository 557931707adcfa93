package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.consumer.ReceivedEvent;
import dev.outboxcdc.consumer.Transaction;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import dev.outboxcdc.worker.handler.CustomerUpdatedHandler;
import dev.outboxcdc.worker.handler.MessageHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each customer's events in order although 4 consumers compete and the handlers fail at random
 * 10 % of the time (each failure retried through the delay queues): every version applied once,
 * 1..11 in order, nothing parked, nothing applied twice.
 */
class CustomerOrderUnderFailuresIT {
    private static final int CUSTOMERS = 100;
    private static final int UPDATES = 10;
    private final TestDatabase db = TestDatabase.admin();
    private final List<String> customers = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private WorkerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new WorkerFixture(Map.of("WORKER_CONCURRENCY", "4", "WORKER_MAX_ATTEMPTS", "10"));
        Random random = new Random(42);
        fixture.startWorker(List.of(
                new RandomlyFailing(new CustomerCreatedHandler(), random),
                new RandomlyFailing(new CustomerUpdatedHandler(), random)));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.forgetReadModel(customers);
        fixture.close();
        db.close();
    }

    @Test
    void everyCustomersVersionsAreAppliedOnceAndInOrderWhileHandlersFailAtRandom() throws Exception {
        for (int n = 0; n < CUSTOMERS; n++) {
            customers.add(UUID.randomUUID().toString());
        }
        fixture.publishInterleaved(customers, UPDATES + 1);

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> customers.stream()
                        .allMatch(id -> db.count(
                                        "SELECT COUNT(*) FROM outbox.customer_directory WHERE id = ? AND version = ? AND name = ?",
                                        id,
                                        UPDATES + 1,
                                        "v" + (UPDATES + 1))
                                == 1));

        assertThat(failures.get()).as("handlers did fail").isGreaterThan(CUSTOMERS * (UPDATES + 1) / 20);
        String expected = String.join(
                ",",
                LongStream.rangeClosed(1, UPDATES + 1).mapToObj(Long::toString).toList());
        for (String id : customers) {
            assertThat(fixture.appliedVersions(id)).as(id).isEqualTo(expected);
            assertThat(fixture.effects(id)).as("welcome emails of " + id).isEqualTo(1);
        }
        assertThat(fixture.messagesIn(SubscriberQueues.parkingLot(fixture.queue)))
                .isZero();
    }

    /** The real handler, failing (before any effect) 10 % of the time per event. */
    private final class RandomlyFailing implements MessageHandler {
        private final MessageHandler real;
        private final Random random;

        RandomlyFailing(MessageHandler real, Random random) {
            this.real = real;
            this.random = random;
        }

        @Override
        public String type() {
            return real.type();
        }

        @Override
        public void handle(ReceivedEvent event, Transaction transaction) {
            failSometimes();
            real.handle(event, transaction);
        }

        @Override
        /** Each event of the batch fails 10 % of the time, and one failing event fails its batch, as a real handler's would. */
        public List<Waiting> handleAll(List<ReceivedEvent> events, Transaction transaction) {
            events.forEach(event -> failSometimes());
            return real.handleAll(events, transaction);
        }

        private void failSometimes() {
            boolean fail;
            synchronized (random) {
                fail = random.nextInt(10) == 0;
            }
            if (fail) {
                failures.incrementAndGet();
                throw new IllegalStateException("a downstream that fails now and then");
            }
        }
    }
}
