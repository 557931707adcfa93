package dev.outboxcdc.worker.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.worker.consume.IncomingMessage;
import dev.outboxcdc.worker.handler.MessageHandler;
import dev.outboxcdc.worker.inbox.BatchPartition.Sorted;
import dev.outboxcdc.worker.inbox.IdempotentReceiver.Failure;
import dev.outboxcdc.worker.tracing.EventTrace;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

class BatchPartitionTest {
    private static final Tracer TRACER = OpenTelemetry.noop().getTracer("test");
    private static final Function<IncomingMessage, EventTrace> TRACES =
            message -> EventTrace.start(TRACER, message.messageId(), message.type(), Map.of());

    private final MessageHandler created = new NamedHandler(CustomerEvents.CREATED);
    private final MessageHandler updated = new NamedHandler(CustomerEvents.UPDATED);
    private final Map<String, MessageHandler> handlers = Map.of(created.type(), created, updated.type(), updated);

    @Test
    void aWellFormedDeliveryGoesToTheHandlerOfItsType() {
        Sorted sorted = sort(delivery("m-1", CustomerEvents.CREATED, "{\"id\":\"c-1\"}"));

        assertThat(sorted.park()).isEmpty();
        assertThat(sorted.valid()).singleElement().satisfies(valid -> {
            assertThat(valid.handler()).isSameAs(created);
            assertThat(valid.payload().get("id").asText()).isEqualTo("c-1");
        });
    }

    @Test
    void aDeliveryWithoutAUsableMessageIdIsParked() {
        Sorted sorted = sort(
                delivery(null, CustomerEvents.CREATED, "{}"),
                delivery(" ", CustomerEvents.CREATED, "{}"),
                delivery("x".repeat(BatchPartition.MAX_MESSAGE_ID_LENGTH + 1), CustomerEvents.CREATED, "{}"));

        assertThat(sorted.valid()).isEmpty();
        assertThat(sorted.park()).extracting(Failure::reason).containsOnly("message has no usable message_id");
    }

    @Test
    void anIdOfTheLongestStorableLengthIsUsable() {
        assertThat(sort(delivery("x".repeat(BatchPartition.MAX_MESSAGE_ID_LENGTH), CustomerEvents.CREATED, "{}"))
                        .valid())
                .hasSize(1);
    }

    @Test
    void aTypeWithoutHandlerIsParkedNamingTheType() {
        Sorted sorted = sort(delivery("m-1", "CustomerDeleted", "{}"));

        assertThat(sorted.park())
                .extracting(Failure::reason)
                .containsExactly("no handler for message type 'CustomerDeleted'");
    }

    @Test
    void aPayloadThatIsNotAJsonObjectIsParkedSayingWhy() {
        Sorted sorted = sort(
                delivery("m-1", CustomerEvents.CREATED, "[1, 2]"),
                delivery("m-2", CustomerEvents.CREATED, "{\"id\":"),
                delivery("m-3", CustomerEvents.CREATED, ""));

        assertThat(sorted.park())
                .extracting(Failure::reason)
                .satisfiesExactly(
                        reason -> assertThat(reason).isEqualTo("payload is not a JSON object"),
                        reason -> assertThat(reason).startsWith("payload is not valid JSON: "),
                        reason -> assertThat(reason).isEqualTo("payload is not a JSON object"));
    }

    @Test
    void invalidDeliveriesCostTheValidOnesNothing() {
        Sorted sorted = sort(
                delivery("m-1", CustomerEvents.CREATED, "{}"),
                delivery("m-2", "Unknown", "{}"),
                delivery("m-3", CustomerEvents.UPDATED, "{}"));

        assertThat(sorted.valid())
                .extracting(valid -> valid.delivery().messageId())
                .containsExactly("m-1", "m-3");
        assertThat(sorted.park())
                .extracting(failure -> failure.message().messageId())
                .containsExactly("m-2");
    }

    @Test
    void handlersGetTheirEventsTogetherInTheOrderTheirTypesFirstAppearEachInDeliveryOrder() {
        Sorted sorted = sort(
                delivery("u-1", CustomerEvents.UPDATED, "{}"),
                delivery("c-1", CustomerEvents.CREATED, "{}"),
                delivery("u-2", CustomerEvents.UPDATED, "{}"),
                delivery("c-2", CustomerEvents.CREATED, "{}"));

        Map<MessageHandler, List<MessageHandler.Event>> groups = BatchPartition.byHandler(sorted.valid());

        assertThat(groups.keySet()).containsExactly(updated, created);
        assertThat(groups.get(updated))
                .extracting(MessageHandler.Event::messageId)
                .containsExactly("u-1", "u-2");
        assertThat(groups.get(created))
                .extracting(MessageHandler.Event::messageId)
                .containsExactly("c-1", "c-2");
    }

    private Sorted sort(IncomingMessage... batch) {
        return BatchPartition.sort(List.of(batch), handlers, new ObjectMapper(), TRACES);
    }

    private static IncomingMessage delivery(String messageId, String type, String body) {
        return new IncomingMessage(
                1, messageId, type, body, 1, 0, new AMQP.BasicProperties(), body.getBytes(StandardCharsets.UTF_8));
    }

    private record NamedHandler(String type) implements MessageHandler {
        @Override
        public void handle(Handle handle, String messageId, JsonNode payload, String rawPayload) {
            throw new UnsupportedOperationException("not called: sorting handles nothing");
        }
    }
}
