package dev.outboxcdc.ctl.parked;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.support.tracing.Tracing;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParkedCommandTest {

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

        AMQP.BasicProperties requeued = ParkedCommand.withAttemptsReset(parked);

        assertThat(requeued.getMessageId()).isEqualTo("m-1");
        assertThat(requeued.getType()).isEqualTo("CustomerUpdated");
        assertThat(requeued.getDeliveryMode()).isEqualTo(2);
        assertThat(requeued.getHeaders()).containsOnlyKeys(MessageHeaders.AGGREGATE_ID, Tracing.TRACEPARENT);
    }

    @Test
    void aMessageWithoutHeadersIsRequeuedWithoutThem() {
        AMQP.BasicProperties requeued = ParkedCommand.withAttemptsReset(
                new AMQP.BasicProperties.Builder().messageId("m-2").build());

        assertThat(requeued.getHeaders()).isEmpty();
    }
}
