package dev.outboxcdc.consumer.internal.receive;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.outboxcdc.consumer.InvalidEventException;
import dev.outboxcdc.consumer.PredecessorMissingException;
import dev.outboxcdc.consumer.internal.amqp.IncomingMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {
    private final IncomingMessage message = message("m-1");

    @Test
    void aMissingPredecessorHoldsTheEventWithoutSpendingAnAttempt() {
        assertThat(Decision.afterFailure(message, new PredecessorMissingException("customer 7 is at version 1")))
                .isEqualTo(new Decision.Hold(message, "customer 7 is at version 1"));
    }

    @Test
    void anInvalidEventIsParkedAtOnce() {
        assertThat(Decision.afterFailure(message, new InvalidEventException("payload lacks 'id'")))
                .isEqualTo(new Decision.Park(message, "payload lacks 'id'"));
    }

    @Test
    void anyOtherFailureIsRetriedNamingTheException() {
        assertThat(Decision.afterFailure(message, new IllegalStateException("downstream unavailable")))
                .isEqualTo(new Decision.Retry(message, "IllegalStateException: downstream unavailable"));
    }

    @Test
    void anOutcomeCountsWhatCommittedApartFromDuplicatesAndSortsTheRest() {
        IncomingMessage duplicate = message("m-2");
        IncomingMessage failing = message("m-3");
        IncomingMessage waiting = message("m-4");
        IncomingMessage invalid = message("m-5");

        IdempotentReceiver.Outcome outcome = new IdempotentReceiver.Outcome(List.of(
                new Decision.Park(invalid, "bad"),
                new Decision.Commit(message, false),
                new Decision.Commit(duplicate, true),
                new Decision.Retry(failing, "boom"),
                new Decision.Hold(waiting, "later")));

        assertThat(outcome.handled()).isEqualTo(1);
        assertThat(outcome.duplicates()).isEqualTo(1);
        assertThat(outcome.retry()).extracting(Decision::message).containsExactly(failing);
        assertThat(outcome.hold()).extracting(Decision::message).containsExactly(waiting);
        assertThat(outcome.park()).extracting(Decision::message).containsExactly(invalid);
        assertThat(outcome.decisions())
                .filteredOn(decision -> decision.failure().isPresent())
                .extracting(Decision::message)
                .containsExactly(invalid, failing, waiting);
    }

    private static IncomingMessage message(String id) {
        return new IncomingMessage(
                1, id, "Thing", "{}", 1, 0, new AMQP.BasicProperties(), "{}".getBytes(StandardCharsets.UTF_8));
    }
}
