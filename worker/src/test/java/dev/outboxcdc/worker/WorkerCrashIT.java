package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worker killed between its commits and its acks (kill -9 mid-stream, in a process of its own):
 * the broker redelivers what was not acked, and nothing gets a second effect.
 */
class WorkerCrashIT {

    @Test
    void aWorkerKilledMidStreamRedeliversWithoutASecondEffect() throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(Map.of("WORKER_BATCH_SIZE", "20"))) {
            // A first run declares the queues; the backlog is then published while no worker runs.
            ServiceProcess declaring =
                    ServiceProcess.start("dev.outboxcdc.worker.Main", fixture.environment(), "worker-crash-0");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> declaring.output().contains("worker consuming"));
            declaring.stopCleanly(Duration.ofSeconds(10));
            List<String> customers = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                String customerId = UUID.randomUUID().toString();
                customers.add(customerId);
                fixture.publish(
                        UUID.randomUUID().toString(),
                        "CustomerCreated",
                        WorkerFixture.customerPayload(customerId, "crash-" + i + "@example.com"));
            }
            ServiceProcess first =
                    ServiceProcess.start("dev.outboxcdc.worker.Main", fixture.environment(), "worker-crash-1");
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> handled(fixture) > 200);

            first.kill();
            long handledAtCrash = handled(fixture);
            try (ServiceProcess second =
                    ServiceProcess.start("dev.outboxcdc.worker.Main", fixture.environment(), "worker-crash-2")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> handled(fixture) == customers.size());
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> second.output().contains("worker consuming"));
                second.stopCleanly(Duration.ofSeconds(10));
            }

            assertThat(fixture.db.count(
                            "SELECT COUNT(*) FROM outbox.welcome_emails w JOIN outbox.processed_messages p"
                                    + " ON p.message_id = w.message_id WHERE p.consumer = ?",
                            fixture.queue))
                    .isEqualTo(customers.size());
            assertThat(fixture.messagesIn(fixture.queue)).isZero();
            System.out.printf(
                    "worker crash: %d handled before kill -9, %d redelivered duplicates skipped%n",
                    handledAtCrash,
                    fixture.db.count(
                            "SELECT COALESCE(SUM(duplicates), 0) FROM outbox.processed_messages"
                                    + " WHERE consumer = ?",
                            fixture.queue));
        }
    }

    private static long handled(WorkerFixture fixture) {
        return fixture.db.count("SELECT COUNT(*) FROM outbox.processed_messages WHERE consumer = ?", fixture.queue);
    }
}
