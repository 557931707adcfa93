package dev.outboxcdc.relay.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.contract.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfirmTrackerTest {
    private final ConfirmTracker tracker = new ConfirmTracker();

    private static OutboxMessage message(String id) {
        return new OutboxMessage(id, "customer", "a", "CustomerCreated", "{}", Instant.EPOCH, null, 1);
    }

    @Test
    void aReturnedMessageIsNotConfirmedEvenThoughTheBrokerAcksItAndIsOfferedForSettingAside() throws Exception {
        List<OutboxMessage> batch = List.of(message("routed"), message("unroutable"), message("nacked"));
        tracker.start();
        tracker.sent(1, "routed");
        tracker.sent(2, "unroutable");
        tracker.sent(3, "nacked");

        tracker.returned("unroutable", "NO_ROUTE");
        tracker.acked(2, true);
        tracker.nacked(3, false);

        assertThat(tracker.awaitConfirmed(batch, Duration.ofSeconds(1))).containsExactly("routed");
        assertThat(tracker.returnedAndAcked(batch))
                .extracting(OutboxMessage::id)
                .containsExactly("unroutable");
        assertThat(tracker.failureReason()).isEqualTo("nacked by the broker");
    }

    @Test
    void aNewBatchForgetsWhatThePreviousOneReturned() throws Exception {
        List<OutboxMessage> batch = List.of(message("x"));
        tracker.start();
        tracker.sent(1, "x");
        tracker.returned("x", "NO_ROUTE");
        tracker.acked(1, false);

        tracker.start();
        tracker.sent(2, "x");
        tracker.acked(2, false);

        assertThat(tracker.awaitConfirmed(batch, Duration.ofSeconds(1))).containsExactly("x");
        assertThat(tracker.returnedAndAcked(batch)).isEmpty();
    }

    @Test
    void aChannelClosedAfterANackKeepsTheNackAsTheReason() throws Exception {
        List<OutboxMessage> batch = List.of(message("a"), message("b"));
        tracker.start();
        tracker.sent(1, "a");
        tracker.sent(2, "b");
        tracker.nacked(1, false);

        tracker.channelLost("clean connection shutdown");

        assertThat(tracker.awaitConfirmed(batch, Duration.ofSeconds(1))).isEmpty();
        assertThat(tracker.nackedCount()).isEqualTo(1);
        assertThat(tracker.failureReason()).isEqualTo("nacked by the broker");
    }

    @Test
    void aLostChannelIsTheReasonWhenNothingElseFailed() throws Exception {
        tracker.start();
        tracker.sent(1, "a");

        tracker.channelLost("connection error");

        assertThat(tracker.outstanding()).isZero();
        assertThat(tracker.failureReason()).isEqualTo("channel closed: connection error");
    }
}
