package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.CuttableConnections;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The worker reaches the broker through a connection the test can break as a network does. */
class WorkerOutageIT {
    private static final Duration BOUND = Duration.ofSeconds(90);

    @Test
    void aHalfOpenBrokerLinkIsGivenUpForItsMissingHeartbeatsAndTheWorkerConsumesAgain() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        try (CuttableConnections connections = CuttableConnections.open();
                WorkerFixture fixture = new WorkerFixture(
                        Map.of("AMQP_URI", connections.environment().get("AMQP_URI")))) {
            try {
                fixture.startWorker(List.of(new CustomerCreatedHandler()));
                fixture.publishCreated(first);
                await().atMost(BOUND).until(() -> fixture.effects(first) == 1);

                // A NAT that forgot the flow: both ends open, nothing passes either way.
                connections.broker().freezeOpenConnections();
                long frozenAt = System.nanoTime();
                fixture.publishCreated(second);
                await().atMost(BOUND).until(() -> fixture.effects(second) == 1);
                System.out.printf(
                        "handled again %d ms after the worker's broker link went half-open%n",
                        (System.nanoTime() - frozenAt) / 1_000_000);
                assertThat(connections.broker().bytesFrozen())
                        .as("the fault happened: the frozen link held back what was sent on it")
                        .isPositive();
                assertThat(fixture.workerConsuming()).isTrue();
            } finally {
                fixture.forgetReadModel(List.of(first, second));
            }
        }
    }
}
