package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.outboxcdc.consumer.internal.amqp.ConsumerRunner;
import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A consumer that ends for any reason is recycled with its deliveries; a copy no queue takes is never counted as stored. */
class WorkerSupervisionIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final FlakyHandler flaky = new FlakyHandler(2);
    private final ListAppender<ILoggingEvent> runnerLog = new ListAppender<>();
    private WorkerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        runnerLog.start();
        ((Logger) LoggerFactory.getLogger(ConsumerRunner.class)).addAppender(runnerLog);
        fixture = new WorkerFixture(Map.of());
        fixture.startWorker(List.of(new CustomerCreatedHandler(), flaky));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        ((Logger) LoggerFactory.getLogger(ConsumerRunner.class)).detachAppender(runnerLog);
    }

    @Test
    void aRetryCopyReturnedBecauseItsDelayQueueIsMissingLeavesTheOriginalUnackedAndTheMessageIsStillHandledOnce()
            throws Exception {
        String retryQueue = SubscriberQueues.retryQueue(fixture.queue, 1, Duration.ofMillis(200));
        fixture.deleteQueue(retryQueue);
        String customerId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();

        fixture.publish(messageId, "FlakyThing", "{\"id\":\"" + customerId + "\"}");

        await().atMost(TIMEOUT).until(() -> fixture.effects(customerId) == 1);
        assertThat(recycleReasons())
                .anySatisfy(
                        reason -> assertThat(reason).contains("was returned").contains(retryQueue));
        assertThat(fixture.queueExists(retryQueue))
                .as("declared again with the new connection")
                .isTrue();
        assertThat(flaky.attemptsOf(messageId)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(fixture.effects(customerId)).isEqualTo(1);
    }

    @Test
    void aConsumerCancelledByTheBrokerIsRecycledAndConsumesAgain() throws Exception {
        fixture.deleteQueue(fixture.queue);
        await().atMost(TIMEOUT)
                .until(() -> recycleReasons().stream().anyMatch(reason -> reason.contains("cancelled by the broker")));
        String customerId = UUID.randomUUID().toString();

        // Declared again and bound again (a quorum queue is declared a moment before it is bound):
        // a publish now reaches it rather than being returned.
        await().atMost(TIMEOUT)
                .until(() -> fixture.publishRouted(
                        UUID.randomUUID().toString(),
                        "CustomerCreated",
                        WorkerFixture.customerPayload(customerId, "back@example.com")));

        await().atMost(TIMEOUT).until(() -> fixture.effects(customerId) == 1);
    }

    private List<String> recycleReasons() {
        return runnerLog.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.startsWith("a consumer stopped"))
                .toList();
    }
}
