package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.support.tracing.LogFields;
import dev.outboxcdc.support.tracing.Tracing;
import dev.outboxcdc.testsupport.TestQueue;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The trace of a request follows its event: api (outbox row's tracingspancontext), relay (the
 * message's traceparent header), worker (the trace id on the log lines it writes for the event).
 */
class TracingIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCallersTraceIdReachesTheOutboxRowTheMessageAndTheWorkersJsonLogLine() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = "00f067aa0ba902b7";
        try (ServiceStack stack = new ServiceStack("tracing-json", Map.of("LOG_FORMAT", "json")).start();
                TestQueue queue = TestQueue.bound(stack.amqp(), stack.exchange, "#");
                TestDatabase db = TestDatabase.admin()) {
            JsonNode customer = register(stack, "00-" + traceId + "-" + callerSpan + "-01");
            String customerId = customer.get("id").asText();

            String stored = db.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT tracingspancontext FROM " + stack.database.name()
                                    + ".outbox WHERE aggregateid = :id")
                            .bind("id", customerId)
                            .mapTo(String.class)
                            .one());
            assertThat(stored)
                    .as("the api's span, child of the caller's")
                    .startsWith("00-" + traceId + "-")
                    .doesNotContain(callerSpan);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !queue.distinctIds().isEmpty()
                            && queue.receivedOf(queue.distinctIds()).stream()
                                    .anyMatch(
                                            message -> customerId.equals(message.header(MessageHeaders.AGGREGATE_ID))));
            assertThat(queue.receivedOf(queue.distinctIds()))
                    .filteredOn(message -> customerId.equals(message.header(MessageHeaders.AGGREGATE_ID)))
                    .singleElement()
                    .satisfies(message ->
                            assertThat(message.header(Tracing.TRACEPARENT)).isEqualTo(stored));

            JsonNode handling = await().atMost(Duration.ofSeconds(30))
                    .until(() -> handlingLine(stack.worker().output(), customerId), Optional::isPresent)
                    .orElseThrow();
            assertThat(handling.get("level").asText()).isEqualTo("INFO");
            assertThat(handling.get("formattedMessage").asText()).startsWith("Handling [CustomerCreated] - Payload: '");
            JsonNode mdc = handling.get("mdc");
            assertThat(mdc.get("trace_id").asText()).isEqualTo(traceId);
            assertThat(mdc.get("customer_id").asText()).isEqualTo(customerId);
            assertThat(mdc.get(LogFields.AGGREGATE_ID).asText()).isEqualTo(customerId);
            assertThat(mdc.get("message_id").asText()).isNotBlank();
        }
    }

    @Test
    void aRequestWithoutTraceStartsOneAndTheTextLogLineEndsWithItsId() throws Exception {
        try (ServiceStack stack = new ServiceStack("tracing-text", Map.of()).start();
                TestDatabase db = TestDatabase.admin()) {
            String customerId = register(stack, null).get("id").asText();

            String stored = db.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT tracingspancontext FROM " + stack.database.name()
                                    + ".outbox WHERE aggregateid = :id")
                            .bind("id", customerId)
                            .mapTo(String.class)
                            .one());
            assertThat(stored).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
            String traceId = stored.substring(3, 35);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> stack.worker()
                            .output()
                            .lines()
                            .anyMatch(line ->
                                    line.contains("Handling [CustomerCreated] - Payload: '{\"id\":\"" + customerId)
                                            && line.endsWith(" trace_id=" + traceId)));
        }
    }

    private static JsonNode register(ServiceStack stack, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.apiUrl.resolve("/customers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"trace-" + UUID.randomUUID() + "@example.com\",\"name\":\"Traced\"}"));
        if (traceparent != null) {
            request.header(Tracing.TRACEPARENT, traceparent);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static Optional<JsonNode> handlingLine(String output, String customerId) {
        return output.lines()
                .filter(line -> line.startsWith("{")
                        && line.contains("Handling [CustomerCreated]")
                        && line.contains(customerId))
                .map(line -> {
                    try {
                        return JSON.readTree(line);
                    } catch (Exception e) {
                        throw new AssertionError("not one JSON object per line: " + line, e);
                    }
                })
                .findFirst();
    }
}
