package dev.outboxcdc.ctl.parked;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.ctl.parked.ParkingLot.Filter;
import dev.outboxcdc.ctl.parked.ParkingLot.ParkedMessage;
import dev.outboxcdc.ctl.parked.ParkingLot.Requeue;
import dev.outboxcdc.ctl.parked.ParkingLot.Selection;
import dev.outboxcdc.support.tracing.Tracing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParkingLotTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void aRequeuedMessageKeepsItsPropertiesAndHeadersButStartsOverAtAttemptOne() {
        AMQP.BasicProperties parked = new AMQP.BasicProperties.Builder()
                .messageId("m-1")
                .type("CustomerUpdated")
                .contentType("application/json")
                .deliveryMode(2)
                .headers(Map.of(
                        MessageHeaders.ATTEMPT,
                        5,
                        MessageHeaders.WAITS,
                        300,
                        MessageHeaders.LAST_ERROR,
                        "boom",
                        MessageHeaders.AGGREGATE_ID,
                        "c-1",
                        Tracing.TRACEPARENT,
                        "00-abc-def-01"))
                .build();

        AMQP.BasicProperties requeued = ParkingLot.withAttemptsReset(parked);

        assertThat(requeued.getMessageId()).isEqualTo("m-1");
        assertThat(requeued.getType()).isEqualTo("CustomerUpdated");
        assertThat(requeued.getDeliveryMode()).isEqualTo(2);
        assertThat(requeued.getHeaders()).containsOnlyKeys(MessageHeaders.AGGREGATE_ID, Tracing.TRACEPARENT);
    }

    @Test
    void aMessageWithoutHeadersIsRequeuedWithoutThem() {
        AMQP.BasicProperties requeued = ParkingLot.withAttemptsReset(
                new AMQP.BasicProperties.Builder().messageId("m-2").build());

        assertThat(requeued.getHeaders()).isEmpty();
    }

    private static ParkedMessage parked(String id, String type, String error, String aggregate, Instant createdAt) {
        return new ParkedMessage(
                id,
                type,
                Optional.of(aggregate),
                Optional.of(createdAt),
                "3",
                "0",
                error,
                "customer.CustomerUpdated",
                Map.of(),
                "{}");
    }

    @Test
    void aFilterMatchesWhatEveryGivenFieldSaysAndNoFilterMatchesAll() {
        ParkedMessage message =
                parked("m-1", "CustomerUpdated", "No such customer: c-1", "c-1", NOW.minus(Duration.ofHours(3)));
        Filter byError =
                new Filter(Optional.empty(), Optional.of("no such CUSTOMER"), Optional.empty(), Optional.empty());
        Filter byTypeAndAge = new Filter(
                Optional.of("CustomerUpdated"), Optional.empty(), Optional.empty(), Optional.of(Duration.ofHours(2)));
        Filter tooYoung =
                new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Duration.ofHours(4)));
        Filter otherCustomer = new Filter(Optional.empty(), Optional.empty(), Optional.of("c-2"), Optional.empty());

        assertThat(Filter.ALL.matches(message, NOW)).isTrue();
        assertThat(byError.matches(message, NOW))
                .as("error text, ignoring case")
                .isTrue();
        assertThat(byTypeAndAge.matches(message, NOW)).isTrue();
        assertThat(tooYoung.matches(message, NOW)).isFalse();
        assertThat(otherCustomer.matches(message, NOW)).isFalse();
        assertThat(byTypeAndAge.describe()).isEqualTo("type=CustomerUpdated older-than=120m");
    }

    @Test
    void idsSelectOnlyThoseIdsWhateverTheFilter() {
        Selection selection = new Selection(Set.of("m-2"), Filter.ALL);

        assertThat(selection.matches(parked("m-1", "CustomerCreated", "", "c-1", NOW), NOW))
                .isFalse();
        assertThat(selection.matches(parked("m-2", "CustomerCreated", "", "c-1", NOW), NOW))
                .isTrue();
        assertThat(selection.describe()).isEqualTo("ids m-2");
    }

    @Test
    void aRequeueIsRefusedWhenAnEventIsOutsideTheWindowUnlessForced() {
        Requeue planned = new Requeue(10, 0, 2, List.of(), false, Optional.empty());

        assertThat(planned.refusedBy(false)).isTrue();
        assertThat(planned.refusedBy(true)).isFalse();
        assertThat(new Requeue(10, 0, 0, List.of(), false, Optional.empty()).refusedBy(false))
                .isFalse();
    }
}
