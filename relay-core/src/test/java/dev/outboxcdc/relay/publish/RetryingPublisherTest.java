package dev.outboxcdc.relay.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.support.retry.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RetryingPublisherTest {
    private static final Backoff NO_WAIT = new Backoff(Duration.ZERO, Duration.ZERO);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RelayMetrics metrics =
            new RelayMetrics(registry, Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));
    private final ScriptedBroker broker = new ScriptedBroker();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final RetryingPublisher publisher = new RetryingPublisher(broker, NO_WAIT, stopping::get, metrics);

    @Test
    void aBatchTheBrokerConfirmsIsPublishedOnce() throws Exception {
        publisher.publishAll(messages("a", "b", "c"));

        assertThat(broker.attempts).containsExactly(List.of("a", "b", "c"));
        assertThat(counted("outbox.relay.messages.retried")).isZero();
    }

    @Test
    void onlyTheUnconfirmedMessagesArePublishedAgain() throws Exception {
        broker.confirmOnly("a", "c");

        publisher.publishAll(messages("a", "b", "c", "d"));

        assertThat(broker.attempts).containsExactly(List.of("a", "b", "c", "d"), List.of("b", "d"));
        assertThat(counted("outbox.relay.messages.unconfirmed")).isEqualTo(2);
        assertThat(counted("outbox.relay.messages.retried")).isEqualTo(2);
    }

    @Test
    void aBrokerOutageIsWaitedOutAndTheWholeBatchPublishedAfterIt() throws Exception {
        broker.down();
        broker.down();

        publisher.publishAll(messages("a", "b"));

        assertThat(broker.attempts)
                .hasSize(3)
                .allSatisfy(attempt -> assertThat(attempt).containsExactly("a", "b"));
    }

    @Test
    void aStopEndsTheRetriesWithoutMarkingTheBatch() {
        broker.confirmOnly();
        broker.onAttempt = () -> stopping.set(true);

        assertThatThrownBy(() -> publisher.publishAll(messages("a", "b")))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("2 unconfirmed messages");
        assertThat(broker.attempts).hasSize(1);
        assertThat(registry.get("outbox.relay.batch.size").summary().count()).isZero();
    }

    private double counted(String name) {
        return registry.get(name).counter().count();
    }

    private static List<OutboxMessage> messages(String... ids) {
        List<OutboxMessage> messages = new ArrayList<>();
        for (String id : ids) {
            messages.add(new OutboxMessage(
                    id,
                    "customer",
                    "c-" + id,
                    "CustomerCreated",
                    "{}",
                    Instant.parse("2026-12-02T09:59:59Z"),
                    null,
                    1));
        }
        return messages;
    }

    /** A broker whose answers the test scripts, one per attempt; without a script it confirms everything. */
    private static final class ScriptedBroker implements BatchPublisher {
        private final Deque<Set<String>> answers = new ArrayDeque<>();
        private final List<List<String>> attempts = new ArrayList<>();
        private Runnable onAttempt = () -> {};

        void confirmOnly(String... ids) {
            answers.add(Set.of(ids));
        }

        void down() {
            answers.add(Set.of("broker down"));
        }

        @Override
        public Set<String> publish(List<OutboxMessage> batch) throws PublishFailedException {
            attempts.add(batch.stream().map(OutboxMessage::id).toList());
            onAttempt.run();
            Set<String> answer = answers.poll();
            if (answer == null) {
                return batch.stream().map(OutboxMessage::id).collect(Collectors.toSet());
            }
            if (answer.contains("broker down")) {
                throw new PublishFailedException("connection refused", null);
            }
            return answer;
        }

        @Override
        public String lastFailure() {
            return "nacked";
        }
    }
}
