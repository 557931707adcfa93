package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotentWorkerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private WorkerFixture fixture;
    private final FlakyHandler flaky = new FlakyHandler(2);

    @BeforeEach
    void start() throws Exception {
        fixture = new WorkerFixture(Map.of());
        fixture.startWorker(List.of(new CustomerCreatedHandler(), flaky));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void theSameMessagePublishedThreeTimesHasOneEffect() throws Exception {
        String customerId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            fixture.publish(
                    messageId, "CustomerCreated", WorkerFixture.customerPayload(customerId, "three@example.com"));
        }

        await().atMost(TIMEOUT).until(() -> fixture.duplicatesRecorded(messageId) == 2);
        fixture.stopWorker();

        assertThat(fixture.effects(customerId)).isEqualTo(1);
        assertThat(fixture.messagesIn(fixture.queue)).as("all three acked").isZero();
    }

    @Test
    void aBatchOfNewMessagesWithOneSeenBeforeHasOneEffectPerMessage() throws Exception {
        String seenCustomer = UUID.randomUUID().toString();
        String seenMessage = UUID.randomUUID().toString();
        fixture.publish(
                seenMessage, "CustomerCreated", WorkerFixture.customerPayload(seenCustomer, "seen@example.com"));
        await().atMost(TIMEOUT).until(() -> fixture.effects(seenCustomer) == 1);
        fixture.stopWorker();
        // Queued while the worker is down, so that they arrive together: one multi-row insert that
        // meets the id handled before, then the one-by-one path in the same transaction.
        List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String customerId = UUID.randomUUID().toString();
            customers.add(customerId);
            fixture.publish(
                    UUID.randomUUID().toString(),
                    "CustomerCreated",
                    WorkerFixture.customerPayload(customerId, "batch-" + i + "@example.com"));
            if (i == 20) {
                fixture.publish(
                        seenMessage,
                        "CustomerCreated",
                        WorkerFixture.customerPayload(seenCustomer, "seen@example.com"));
            }
        }

        fixture.startWorker(List.of(new CustomerCreatedHandler(), flaky));

        await().atMost(TIMEOUT).until(() -> customers.stream().allMatch(id -> fixture.effects(id) == 1));
        await().atMost(TIMEOUT).until(() -> fixture.duplicatesRecorded(seenMessage) == 1);
        assertThat(fixture.effects(seenCustomer)).isEqualTo(1);
        assertThat(customers).allSatisfy(id -> assertThat(fixture.effects(id)).isEqualTo(1));
    }

    @Test
    void aHandlerThatFailsTwiceThenSucceedsHasOneEffectAfterDelayedRetries() throws Exception {
        String customerId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();

        fixture.publish(messageId, "FlakyThing", "{\"id\":\"" + customerId + "\"}");

        await().atMost(TIMEOUT).until(() -> fixture.effects(customerId) == 1);
        assertThat(flaky.attemptsOf(messageId)).hasSize(3);
        List<java.time.Instant> attempts = flaky.attemptsOf(messageId);
        assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.between(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(fixture.messagesIn(SubscriberQueues.parkingLot(fixture.queue)))
                .isZero();
    }

    @Test
    void aMessageThatAlwaysFailsIsParkedAfterMaxAttemptsAndOthersKeepFlowing() throws Exception {
        String poisonId = UUID.randomUUID().toString();
        String goodCustomer = UUID.randomUUID().toString();
        flaky.alwaysFail(poisonId);
        fixture.publish(poisonId, "FlakyThing", "{\"id\":\"" + UUID.randomUUID() + "\"}");
        fixture.publish(
                UUID.randomUUID().toString(),
                "CustomerCreated",
                WorkerFixture.customerPayload(goodCustomer, "good@example.com"));

        await().atMost(TIMEOUT).until(() -> fixture.effects(goodCustomer) == 1);
        await().atMost(TIMEOUT).until(() -> fixture.messagesIn(SubscriberQueues.parkingLot(fixture.queue)) == 1);
        GetResponse parked = fixture.take(SubscriberQueues.parkingLot(fixture.queue));
        assertThat(parked.getProps().getMessageId()).isEqualTo(poisonId);
        assertThat(parked.getProps().getHeaders().get(MessageHeaders.ATTEMPT).toString())
                .isEqualTo("3");
        assertThat(parked.getProps().getHeaders().get(MessageHeaders.LAST_ERROR).toString())
                .contains("failed 3 times");
    }

    @Test
    void malformedBodiesUnknownTypesAndMissingIdsAreParkedAtOnce() throws Exception {
        String goodCustomer = UUID.randomUUID().toString();
        fixture.publish(UUID.randomUUID().toString(), "CustomerCreated", "{not json");
        fixture.publish(UUID.randomUUID().toString(), "CustomerDeleted", "{}");
        fixture.publish(
                null,
                "CustomerCreated",
                WorkerFixture.customerPayload(UUID.randomUUID().toString(), "a@example.com"));
        fixture.publish(UUID.randomUUID().toString(), "CustomerCreated", "[1,2,3]");
        fixture.publish(UUID.randomUUID().toString(), "CustomerCreated", "{\"id\":42}");
        // Fits no column of the effect: its schema refuses it before the handler runs, so it is not retried.
        fixture.publish(
                UUID.randomUUID().toString(),
                "CustomerCreated",
                WorkerFixture.customerPayload(UUID.randomUUID().toString(), "x".repeat(300) + "@example.com"));
        fixture.publish(UUID.randomUUID().toString(), "CustomerCreated", "{\"pad\":\"" + "x".repeat(2_000_000) + "\"}");
        fixture.publish(
                UUID.randomUUID().toString(),
                "CustomerCreated",
                WorkerFixture.customerPayload(goodCustomer, "ok@example.com"));

        await().atMost(TIMEOUT).until(() -> fixture.messagesIn(SubscriberQueues.parkingLot(fixture.queue)) == 7);
        await().atMost(TIMEOUT).until(() -> fixture.effects(goodCustomer) == 1);
        for (int i = 0; i < 7; i++) {
            GetResponse parked = fixture.take(SubscriberQueues.parkingLot(fixture.queue));
            assertThat(parked.getProps()
                            .getHeaders()
                            .get(MessageHeaders.ATTEMPT)
                            .toString())
                    .as("parked at once, never retried")
                    .isEqualTo("1");
            assertThat(parked.getProps()
                            .getHeaders()
                            .get(MessageHeaders.LAST_ERROR)
                            .toString())
                    .isNotBlank();
        }
    }
}
