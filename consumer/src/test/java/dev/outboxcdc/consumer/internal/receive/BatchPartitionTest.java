package dev.outboxcdc.consumer.internal.receive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import dev.outboxcdc.consumer.EventHandler;
import dev.outboxcdc.consumer.ReceivedEvent;
import dev.outboxcdc.consumer.internal.amqp.IncomingMessage;
import dev.outboxcdc.consumer.internal.receive.BatchPartition.Sorted;
import dev.outboxcdc.consumer.internal.tracing.EventTrace;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.schema.EventSchemas;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BatchPartitionTest {
    private static final Tracer TRACER = OpenTelemetry.noop().getTracer("test");
    private static final Function<IncomingMessage, EventTrace> TRACES =
            message -> EventTrace.start(TRACER, message.messageId(), message.type(), Map.of());

    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final String CREATED_V1 =
            "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"name\":\"Ada\",\"email\":\"ada@example.com\"}";
    private static final String CREATED_V2 = "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"name\":\"Ada\","
            + "\"email\":\"ada@example.com\",\"locale\":\"en-GB\",\"createdAt\":\"2026-12-03T09:00:00Z\",\"version\":1}";
    private static final String UPDATED_V1 = "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"name\":\"Ada K\","
            + "\"email\":\"ada@example.com\",\"version\":2}";

    private final EventHandler created = new NotCalled();
    private final EventHandler updated = new NotCalled();
    private final Handlers handlers = new Handlers();

    {
        handlers.add(CustomerEvents.CREATED, 1, created);
        handlers.add(CustomerEvents.CREATED, 2, created);
        handlers.add(CustomerEvents.UPDATED, 1, updated);
    }

    @Test
    void aWellFormedDeliveryGoesToTheHandlerOfItsType() {
        Sorted sorted = sort(delivery("m-1", CustomerEvents.CREATED, CREATED_V1));

        assertThat(sorted.park()).isEmpty();
        assertThat(sorted.valid()).singleElement().satisfies(valid -> {
            assertThat(valid.handler()).isSameAs(created);
            assertThat(valid.event().data().get("id").asText()).isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
        });
    }

    @Test
    void theHandlerGetsTheEventsAttributesItsVersionAndItsAttempt() {
        String v2 = SCHEMAS.version(CustomerEvents.CREATED, 2).orElseThrow().id();
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .headers(Map.of(
                        CloudEventAttributes.DATA_SCHEMA, v2,
                        CloudEventAttributes.SOURCE, "urn:test",
                        CloudEventAttributes.SUBJECT, "customer-7",
                        CloudEventAttributes.TIME, "2026-12-03T09:00:00Z",
                        MessageHeaders.AGGREGATE_ID, "customer-7"))
                .build();
        IncomingMessage delivery = new IncomingMessage(
                1,
                "m-1",
                CustomerEvents.CREATED,
                CREATED_V2,
                3,
                0,
                properties,
                CREATED_V2.getBytes(StandardCharsets.UTF_8));

        ReceivedEvent event = sort(delivery).valid().get(0).event();

        assertThat(event.id()).isEqualTo("m-1");
        assertThat(event.type()).isEqualTo(CustomerEvents.CREATED);
        assertThat(event.version()).isEqualTo(2);
        assertThat(event.source()).contains("urn:test");
        assertThat(event.subject()).contains("customer-7");
        assertThat(event.time()).contains(java.time.Instant.parse("2026-12-03T09:00:00Z"));
        assertThat(event.aggregateId()).contains("customer-7");
        assertThat(event.attempt()).isEqualTo(3);
        assertThat(event.rawData()).isEqualTo(CREATED_V2);
        assertThat(event.data().get("locale").asText()).isEqualTo("en-GB");
    }

    @Test
    void aDeliveryWithoutAUsableMessageIdIsParked() {
        Sorted sorted = sort(
                delivery(null, CustomerEvents.CREATED, "{}"),
                delivery(" ", CustomerEvents.CREATED, "{}"),
                delivery("x".repeat(BatchPartition.MAX_MESSAGE_ID_LENGTH + 1), CustomerEvents.CREATED, "{}"));

        assertThat(sorted.valid()).isEmpty();
        assertThat(sorted.park()).extracting(Decision.Park::reason).containsOnly("message has no usable message_id");
    }

    @Test
    void anIdOfTheLongestStorableLengthIsUsable() {
        assertThat(sort(delivery("x".repeat(BatchPartition.MAX_MESSAGE_ID_LENGTH), CustomerEvents.CREATED, CREATED_V1))
                        .valid())
                .hasSize(1);
    }

    @Test
    void aTypeWithoutHandlerIsParkedNamingTheType() {
        Sorted sorted = sort(delivery("m-1", "CustomerDeleted", "{}"));

        assertThat(sorted.park())
                .extracting(Decision.Park::reason)
                .containsExactly("no handler for message type 'CustomerDeleted'");
    }

    @Test
    void aPayloadThatIsNotAJsonObjectIsParkedSayingWhy() {
        Sorted sorted = sort(
                delivery("m-1", CustomerEvents.CREATED, "[1, 2]"),
                delivery("m-2", CustomerEvents.CREATED, "{\"id\":"),
                delivery("m-3", CustomerEvents.CREATED, ""));

        assertThat(sorted.park())
                .extracting(Decision.Park::reason)
                .satisfiesExactly(
                        reason -> assertThat(reason).isEqualTo("payload is not a JSON object"),
                        reason -> assertThat(reason).startsWith("payload is not valid JSON: "),
                        reason -> assertThat(reason).isEqualTo("payload is not a JSON object"));
    }

    @Test
    void invalidDeliveriesCostTheValidOnesNothing() {
        Sorted sorted = sort(
                delivery("m-1", CustomerEvents.CREATED, CREATED_V1),
                delivery("m-2", "Unknown", "{}"),
                delivery("m-3", CustomerEvents.UPDATED, UPDATED_V1));

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
                delivery("u-1", CustomerEvents.UPDATED, UPDATED_V1),
                delivery("c-1", CustomerEvents.CREATED, CREATED_V1),
                delivery("u-2", CustomerEvents.UPDATED, UPDATED_V1),
                delivery("c-2", CustomerEvents.CREATED, CREATED_V1));

        Map<EventHandler, List<ReceivedEvent>> groups = BatchPartition.byHandler(sorted.valid());

        assertThat(groups.keySet()).containsExactly(updated, created);
        assertThat(groups.get(updated)).extracting(ReceivedEvent::id).containsExactly("u-1", "u-2");
        assertThat(groups.get(created)).extracting(ReceivedEvent::id).containsExactly("c-1", "c-2");
    }

    @Test
    void aMessageWithoutDataschemaIsReadAsVersionOneAndCheckedAgainstIt() {
        Sorted sorted = sort(
                delivery("m-1", CustomerEvents.CREATED, CREATED_V1),
                delivery("m-2", CustomerEvents.CREATED, "{\"id\":42,\"name\":\"Ada\"}"));

        assertThat(sorted.valid())
                .extracting(valid -> valid.delivery().messageId())
                .containsExactly("m-1");
        assertThat(sorted.park())
                .singleElement()
                .extracting(Decision.Park::reason)
                .satisfies(reason -> assertThat(reason)
                        .startsWith("payload does not match CustomerCreated v1 ("
                                + SCHEMAS.version(CustomerEvents.CREATED, 1)
                                        .orElseThrow()
                                        .id() + "): ")
                        .contains("email")
                        .contains("/id: integer found, string expected"));
    }

    @Test
    void theDataschemaNamesTheVersionAPayloadIsCheckedAgainst() {
        String v2 = SCHEMAS.version(CustomerEvents.CREATED, 2).orElseThrow().id();

        Sorted sorted = sort(
                delivery("m-1", CustomerEvents.CREATED, CREATED_V2, v2),
                delivery("m-2", CustomerEvents.CREATED, CREATED_V1, v2));

        assertThat(sorted.valid())
                .extracting(valid -> valid.delivery().messageId())
                .containsExactly("m-1");
        assertThat(sorted.park())
                .singleElement()
                .extracting(Decision.Park::reason)
                .satisfies(reason -> assertThat(reason)
                        .startsWith("payload does not match CustomerCreated v2")
                        .contains("locale"));
    }

    @Test
    void aVersionNoHandlerIsRegisteredForIsParkedForAConsumerThatReadsIt() {
        Handlers v1Only = new Handlers();
        v1Only.add(CustomerEvents.CREATED, 1, created);
        String v2 = SCHEMAS.version(CustomerEvents.CREATED, 2).orElseThrow().id();

        Sorted sorted = sortWith(v1Only, delivery("m-1", CustomerEvents.CREATED, CREATED_V2, v2));

        assertThat(sorted.valid()).isEmpty();
        assertThat(sorted.park())
                .extracting(Decision.Park::reason)
                .containsExactly(
                        "CustomerCreated v2 (" + v2 + ") is not read by this consumer, which reads CustomerCreated"
                                + " v[1]; requeue it once a consumer that reads it runs");
    }

    @Test
    void anUnknownDataschemaOrOneOfAnotherTypeIsParkedSayingWhich() {
        String unknown = "https://outbox-cdc.dev/contracts/customer-created/v9.json";
        String ofUpdated =
                SCHEMAS.version(CustomerEvents.UPDATED, 1).orElseThrow().id();

        Sorted sorted = sort(
                delivery("m-1", CustomerEvents.CREATED, CREATED_V1, unknown),
                delivery("m-2", CustomerEvents.CREATED, CREATED_V1, ofUpdated));

        assertThat(sorted.valid()).isEmpty();
        assertThat(sorted.park())
                .extracting(Decision.Park::reason)
                .satisfiesExactly(
                        reason -> assertThat(reason)
                                .startsWith("unknown dataschema '" + unknown
                                        + "' for CustomerCreated: this consumer knows ")
                                .contains("customer-created/v1.json", "customer-created/v2.json"),
                        reason -> assertThat(reason)
                                .isEqualTo(
                                        "dataschema '" + ofUpdated
                                                + "' is a schema of CustomerUpdated, not of the message's type CustomerCreated"));
    }

    @Test
    void aTypeWithoutSchemaIsLeftToItsHandler() {
        Handlers other = new Handlers();
        other.add("InvoiceSent", 1, created);

        Sorted sorted = sortWith(other, delivery("m-1", "InvoiceSent", "{\"anything\":true}"));

        assertThat(sorted.valid()).hasSize(1);
    }

    private Sorted sort(IncomingMessage... batch) {
        return BatchPartition.sort(List.of(batch), handlers, SCHEMAS, new ObjectMapper(), TRACES);
    }

    private static Sorted sortWith(Handlers handlers, IncomingMessage... batch) {
        return BatchPartition.sort(List.of(batch), handlers, SCHEMAS, new ObjectMapper(), TRACES);
    }

    private static IncomingMessage delivery(String messageId, String type, String body) {
        return new IncomingMessage(
                1, messageId, type, body, 1, 0, new AMQP.BasicProperties(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static IncomingMessage delivery(String messageId, String type, String body, String dataschema) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .headers(Map.of(CloudEventAttributes.DATA_SCHEMA, dataschema))
                .build();
        return new IncomingMessage(1, messageId, type, body, 1, 0, properties, body.getBytes(StandardCharsets.UTF_8));
    }

    private static final class NotCalled implements EventHandler {
        @Override
        public void handle(ReceivedEvent event, dev.outboxcdc.consumer.Transaction transaction) {
            throw new UnsupportedOperationException("not called: sorting handles nothing");
        }
    }
}
