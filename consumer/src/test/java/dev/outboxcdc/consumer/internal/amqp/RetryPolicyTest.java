package dev.outboxcdc.consumer.internal.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.consumer.internal.amqp.RetryPolicy.Hop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(
            new SubscriberTopology(Settings.of("q", List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)))), 3, 2);

    @Test
    void aFailureGoesToTheDelayQueueOfItsAttemptWithOneAttemptMore() {
        assertThat(policy.afterFailure(1, 0)).isEqualTo(new Hop("q.copies.retry.1000ms", 2, 0, false));
        assertThat(policy.afterFailure(2, 0)).isEqualTo(new Hop("q.copies.retry.5000ms", 3, 0, false));
    }

    @Test
    void theLastDelayRepeatsWhenAttemptsOutnumberTheDelays() {
        RetryPolicy patient = new RetryPolicy(policy.topology(), 10, 2);

        assertThat(patient.afterFailure(7, 0).queue()).isEqualTo("q.copies.retry.5000ms");
    }

    @Test
    void theLastAttemptsFailureParksTheMessageWithItsCounts() {
        assertThat(policy.afterFailure(3, 1)).isEqualTo(new Hop("q.parking-lot", 3, 1, true));
    }

    @Test
    void aHeldMessageWaitsInTheShortestDelayQueueWithoutSpendingAnAttempt() {
        assertThat(policy.whileWaiting(2, 0)).isEqualTo(new Hop("q.copies.retry.1000ms", 2, 1, false));
        assertThat(policy.whileWaiting(2, 1)).isEqualTo(new Hop("q.copies.retry.1000ms", 2, 2, false));
    }

    @Test
    void aMessageThatWaitedItsLastWaitIsParked() {
        assertThat(policy.whileWaiting(1, 2)).isEqualTo(new Hop("q.parking-lot", 1, 2, true));
    }
}
