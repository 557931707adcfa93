package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.outbox.UnixTime;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.harness.NodeTools;
import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.TestEnvironment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A consumer written by another team, in another language, reads the relay's messages with a
 * CloudEvents SDK: examples/node-consumer (amqplib and the npm {@code cloudevents} package, strict
 * validation) gets every event, and its id, type, source, subject, time, dataschema and data are
 * the outbox rows'. Skipped, saying why, where node and npm are not installed.
 */
class ForeignConsumerIT extends RelayTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "https://example.com/customers";
    private static final int EVENTS = 20;

    @Override
    Map<String, String> modeEnvironment() {
        return Map.of("RELAY_MODE", "cdc");
    }

    @Test
    void aNodeConsumerReadsEveryEventThroughTheCloudEventsSdkWithTheOutboxRowsAttributesAndData() throws Exception {
        Process consumer = startNodeConsumer(rows.aggregateType() + ".#", EVENTS);
        try {
            BlockingQueue<String> lines = lines(consumer);
            assertThat(lines.poll(60, TimeUnit.SECONDS))
                    .as("the consumer's first line")
                    .isEqualTo("{\"ready\":true}");
            startRelay(Map.of("EVENT_SOURCE", SOURCE));

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < EVENTS / 2; i++) {
                String customer = UUID.randomUUID().toString();
                ids.add(rows.insert(
                        customer,
                        CustomerEvents.CREATED,
                        "{\"id\":\"" + customer + "\",\"name\":\"Ada\",\"email\":\"ada-" + i
                                + "@example.com\",\"locale\":\"en-GB\",\"createdAt\":\"2026-12-03T09:00:00Z\",\"version\":1}",
                        2));
                ids.add(rows.insert(
                        customer,
                        CustomerEvents.UPDATED,
                        "{\"id\":\"" + customer + "\",\"name\":\"Ada King\",\"email\":\"ada-" + i
                                + "@example.com\",\"version\":2}",
                        1));
            }

            assertThat(consumer.waitFor(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("the consumer got %d events", EVENTS)
                    .isTrue();
            List<JsonNode> events = new ArrayList<>();
            for (String line = lines.poll(5, TimeUnit.SECONDS); line != null; line = lines.poll(1, TimeUnit.SECONDS)) {
                events.add(JSON.readTree(line));
            }
            assertThat(consumer.exitValue())
                    .as("the consumer's output: %s", events)
                    .isZero();
            assertThat(events).extracting(event -> event.get("id").asText()).containsExactlyInAnyOrderElementsOf(ids);
            EventSchemas schemas = EventSchemas.load();
            for (JsonNode event : events) {
                Map<String, Object> row = db.jdbi()
                        .withHandle(handle -> handle.createQuery("SELECT *, UNIX_TIMESTAMP(created_at) AS created_epoch"
                                        + " FROM outbox.outbox WHERE id = :id")
                                .bind("id", event.get("id").asText())
                                .mapToMap()
                                .one());
                assertThat(event.get("specversion").asText()).isEqualTo("1.0");
                assertThat(event.get("type").asText()).isEqualTo(row.get("type"));
                assertThat(event.get("source").asText()).isEqualTo(SOURCE);
                assertThat(event.get("subject").asText()).isEqualTo(row.get("aggregateid"));
                assertThat(Instant.parse(event.get("time").asText()))
                        .isEqualTo(UnixTime.instant((java.math.BigDecimal) row.get("created_epoch")));
                assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
                assertThat(event.get("dataschema").asText())
                        .isEqualTo(schemas.version(
                                        (String) row.get("type"), ((Number) row.get("schemaversion")).intValue())
                                .orElseThrow()
                                .id());
                assertThat(event.get("data")).isEqualTo(JSON.readTree((String) row.get("payload")));
            }
        } finally {
            consumer.destroyForcibly();
        }
    }

    private Process startNodeConsumer(String bindingKey, int count) throws Exception {
        Assumptions.assumeTrue(
                NodeTools.installed(), NodeTools.NOT_INSTALLED + ": the CloudEvents SDK test needs them");
        Path example = ProjectRoot.find().resolve("examples/node-consumer");
        NodeTools.install(example);
        String amqpUri = TestEnvironment.get().amqp().uri().toString();
        return new ProcessBuilder(
                        "node",
                        example.resolve("consume.mjs").toString(),
                        amqpUri,
                        exchange,
                        bindingKey,
                        Integer.toString(count),
                        Long.toString(
                                DELIVERY_TIMEOUT.plus(Duration.ofSeconds(30)).toSeconds()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("{\"readerFailed\":\"" + e.getMessage() + "\"}");
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
