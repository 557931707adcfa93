package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.consumer.ReceivedEvent;
import dev.outboxcdc.consumer.Transaction;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import dev.outboxcdc.worker.handler.MessageHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A clean stop finishes the batch in hand, commit AND ack, before the connection closes: nothing comes back. */
class WorkerShutdownIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private WorkerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new WorkerFixture(Map.of("WORKER_CONCURRENCY", "1"));
        fixture.startWorker(List.of(new CustomerCreatedHandler(), new Gated()));
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        fixture.close();
    }

    @Test
    void aBatchStillInTheHandlerWhenTheWorkerIsStoppedIsCommittedAndAckedAndNeverDeliveredAgain() throws Exception {
        String gated = UUID.randomUUID().toString();
        fixture.publish(gated, "GatedThing", "{}");
        assertThat(entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("the handler has the message")
                .isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(fixture::stopWorker);
        await().atMost(TIMEOUT).until(() -> !fixture.workerConsuming());
        assertThat(stopping).as("the stop waits for the batch in hand").isNotDone();
        release.countDown();
        stopping.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(fixture.messagesIn(fixture.queue))
                .as("acked before the connection closed")
                .isZero();
        fixture.startWorker(List.of(new CustomerCreatedHandler(), new Gated()));
        String customer = UUID.randomUUID().toString();
        fixture.publish(
                UUID.randomUUID().toString(),
                "CustomerCreated",
                WorkerFixture.customerPayload(customer, customer + "@example.com"));
        await().atMost(TIMEOUT).until(() -> fixture.effects(customer) == 1);
        assertThat(fixture.duplicatesRecorded(gated))
                .as("never delivered again")
                .isZero();
    }

    /** Blocks in its transaction until the test releases it. */
    private final class Gated implements MessageHandler {
        @Override
        public String type() {
            return "GatedThing";
        }

        @Override
        public void handle(ReceivedEvent event, Transaction transaction) {
            entered.countDown();
            try {
                if (!release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
