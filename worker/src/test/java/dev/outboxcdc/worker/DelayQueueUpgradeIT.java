package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.amqp.QueueType;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An upgrade from the version whose delay queues returned messages through the default exchange
 * ({@code <queue>.retry.<ms>ms}, now retired for {@code <queue>.copies.retry.<ms>ms}) loses
 * nothing: a message waiting in an old delay queue comes back to the work queue after its delay and
 * is handled, and the old queue is deleted once empty.
 */
class DelayQueueUpgradeIT {
    @Test
    void aMessageWaitingInAnOldDelayQueueIsHandledAndTheOldQueueGoes() throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(Map.of())) {
            fixture.startWorker(List.of(new CustomerCreatedHandler()));
            fixture.stopWorker();
            String customer = UUID.randomUUID().toString();
            String oldDelayQueue = SubscriberQueues.defaultExchangeRetryQueues(
                            fixture.queue, List.of(Duration.ofMillis(200)))
                    .get(0);
            try (Connection connection = TestEnvironment.get().amqp().connect("delay-upgrade-it");
                    Channel channel = connection.createChannel()) {
                // as the previous version declared it, with a copy waiting in it
                Map<String, Object> arguments = new HashMap<>(QueueType.QUORUM.deadLetterTo(fixture.queue));
                arguments.put("x-message-ttl", 200L);
                TestEnvironment.get().amqp().declareQueue(channel, oldDelayQueue, arguments);
                channel.confirmSelect();
                channel.basicPublish(
                        "",
                        oldDelayQueue,
                        true,
                        new AMQP.BasicProperties.Builder()
                                .messageId(UUID.randomUUID().toString())
                                .type(CustomerEvents.CREATED)
                                .contentType("application/json")
                                .deliveryMode(2)
                                .headers(Map.of(MessageHeaders.AGGREGATE_ID, customer))
                                .build(),
                        ("{\"id\":\"" + customer + "\",\"name\":\"v1\",\"email\":\"" + customer
                                        + "@example.com\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"version\":1}")
                                .getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(5_000);
            }

            fixture.startWorker(List.of(new CustomerCreatedHandler()));

            await().atMost(Duration.ofSeconds(60)).until(() -> fixture.effects(customer) == 1);
            fixture.stopWorker();
            fixture.startWorker(List.of(new CustomerCreatedHandler()));
            assertThat(fixture.queueExists(oldDelayQueue))
                    .as("the old delay queue, empty, deleted")
                    .isFalse();
            assertThat(fixture.queueExists(SubscriberQueues.retryQueue(fixture.queue, 1, Duration.ofMillis(200))))
                    .as("its successor")
                    .isTrue();
            fixture.forgetReadModel(List.of(customer));
        }
    }
}
