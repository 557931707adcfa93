package dev.outboxcdc.relay.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.harness.BrokerAlarm;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.metrics.Readiness;
import dev.outboxcdc.testsupport.TestQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A broker that stops accepting publishes (RabbitMQ's memory alarm, raised for real) is shown by the
 * publisher's readiness and gauge as soon as the broker says so, and cleared when the alarm ends;
 * what waited is published then.
 */
class BrokerBlockedIT {
    /** Generous: the broker says so on the next publish. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void aMemoryAlarmShowsAsBlockedWhileItLastsAndThePublishWaitingForItCompletesAfter() throws Exception {
        Optional<String> unavailable = BrokerAlarm.unavailable();
        Assumptions.assumeTrue(unavailable.isEmpty(), unavailable.orElse(""));
        String exchange = "it.blocked." + UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BrokerBlocking blocking = new BrokerBlocking("relay", registry, Clock.systemUTC());
        try (TestQueue queue = TestQueue.bound(TestEnvironment.get().amqp(), exchange, "#");
                ConfirmingPublisher publisher = new ConfirmingPublisher(
                        TestEnvironment.get().amqp(),
                        exchange,
                        Optional.empty(),
                        Optional.empty(),
                        new EventProperties("urn:it", EventSchemas.load()),
                        new RelayMetrics(registry, Clock.systemUTC()),
                        blocking)) {
            assertThat(publisher.publish(List.of(message()))).hasSize(1);
            assertThat(blocking.readiness()).isEmpty();

            CompletableFuture<Set<String>> waiting;
            try (BrokerAlarm alarm = BrokerAlarm.memory()) {
                long raised = System.nanoTime();
                OutboxMessage held = message();
                waiting = CompletableFuture.supplyAsync(() -> publish(publisher, held));
                await().atMost(BOUND).until(() -> blocking.readiness().isPresent());
                System.out.printf(
                        "readiness BLOCKED %d ms after the alarm was raised%n",
                        (System.nanoTime() - raised) / 1_000_000);
                Readiness readiness = blocking.readiness().orElseThrow();
                assertThat(readiness.status()).isEqualTo("BLOCKED");
                assertThat(readiness.reason()).startsWith("broker memory alarm");
                assertThat(registry.get("outbox_broker_blocked").gauge().value())
                        .isEqualTo(1);
                assertThat(waiting).as("the fault happened: the publish waits").isNotDone();
            }
            long cleared = System.nanoTime();
            await().atMost(BOUND).until(() -> blocking.readiness().isEmpty());
            System.out.printf(
                    "readiness clear %d ms after the alarm ended%n", (System.nanoTime() - cleared) / 1_000_000);
            assertThat(registry.get("outbox_broker_blocked").gauge().value()).isZero();
            assertThat(waiting.get())
                    .as("published once the broker accepted it again")
                    .hasSize(1);
            await().atMost(BOUND).until(() -> queue.distinctIds().size() == 2);
        }
    }

    private static Set<String> publish(ConfirmingPublisher publisher, OutboxMessage message) {
        try {
            return publisher.publish(List.of(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutboxMessage message() {
        String id = UUID.randomUUID().toString();
        return new OutboxMessage(id, "customer", id, "ItBlocked", "{}", Instant.now(), null, 1);
    }
}
