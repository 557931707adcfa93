package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.tools.load.LoadGenerator;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Events published before the worker ever started reach it: none is diverted to the unrouted queue. */
class StartOrderIT {

    @Test
    void eventsPublishedBeforeTheWorkersFirstStartAreWaitingInItsQueueNotSetAside() throws Exception {
        try (TestDatabase db = TestDatabase.admin();
                ServiceStack stack = new ServiceStack("start-order", Map.of()).startWithoutWorker()) {
            String run = "so" + UUID.randomUUID().toString().substring(0, 8);
            LoadGenerator generator =
                    new LoadGenerator(new LoadOptions(stack.apiUrl, 0, 4, Duration.ofMinutes(1), 25, run));
            assertThat(generator.run().ok()).isEqualTo(25);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> stack.relay().output().contains("Published messages: ["));
            assertThat(messagesIn(stack.exchange + ".unrouted")).isZero();

            stack.startWorker();

            PipelineVerifier verifier = new PipelineVerifier(db.jdbi(), stack.database.name(), stack.consumer);
            await().atMost(Duration.ofSeconds(60)).until(() -> verifier.handled(run) == 25);
            assertThat(verifier.verify(run).duplicateEffects()).isZero();
        }
    }

    private static long messagesIn(String queue) throws Exception {
        try (var connection = TestEnvironment.get().amqp().connect("start-order");
                var channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }
}
