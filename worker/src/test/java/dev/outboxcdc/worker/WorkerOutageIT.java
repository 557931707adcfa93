package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.CuttableConnections;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker behind connections the test can cut: outages hold messages unacked, nothing is lost or doubled. */
class WorkerOutageIT {
    private CuttableConnections connections;
    private WorkerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        connections = CuttableConnections.open();
        fixture = new WorkerFixture(connections.environment());
        fixture.startWorker(List.of(new CustomerCreatedHandler()));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        connections.close();
    }

    private List<String> publishCustomers(int count) throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String customerId = UUID.randomUUID().toString();
            customers.add(customerId);
            fixture.publish(
                    UUID.randomUUID().toString(),
                    "CustomerCreated",
                    WorkerFixture.customerPayload(customerId, customerId + "@example.com"));
        }
        return customers;
    }

    private long effects(List<String> customers) {
        return customers.stream().mapToLong(fixture::effects).sum();
    }

    @Test
    void aDatabaseOutageHoldsMessagesUnackedUntilItIsBack() throws Exception {
        connections.database().cut();
        List<String> customers = publishCustomers(50);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> effects(customers) == 0);

        connections.database().restore();

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(customers) == customers.size());
        customers.forEach(customer -> assertThat(fixture.effects(customer)).isEqualTo(1));
    }

    @Test
    void aBrokerOutageIsFollowedByAReconnectWithoutLossOrSecondEffects() throws Exception {
        List<String> before = publishCustomers(20);
        await().atMost(Duration.ofSeconds(30)).until(() -> effects(before) == before.size());

        connections.broker().cut();
        connections.broker().restore();
        List<String> after = publishCustomers(20);

        await().atMost(Duration.ofSeconds(60)).until(() -> effects(after) == after.size());
        assertThat(effects(before)).isEqualTo(before.size());
    }

    @Test
    void aHalfOpenBrokerLinkIsGivenUpForAnUnansweredRoundTripAndTheWorkerConsumesAgain() throws Exception {
        List<String> before = publishCustomers(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> effects(before) == before.size());

        // A NAT that forgot the flow: both ends open, nothing passes either way.
        connections.broker().freezeOpenConnections();
        long frozenAt = System.nanoTime();
        List<String> after = publishCustomers(5);

        await().atMost(Duration.ofSeconds(90)).until(() -> effects(after) == after.size());
        System.out.printf(
                "handled again %d ms after the worker's broker link went half-open%n",
                (System.nanoTime() - frozenAt) / 1_000_000);
        assertThat(connections.broker().bytesFrozen())
                .as("the fault happened: the frozen link held back what was sent on it")
                .isPositive();
        assertThat(effects(before)).isEqualTo(before.size());
        assertThat(fixture.workerConsuming()).isTrue();
    }
}
