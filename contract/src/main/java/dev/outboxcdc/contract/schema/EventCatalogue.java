package dev.outboxcdc.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.EventRouting;
import dev.outboxcdc.contract.events.MessageHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the event catalogue, {@code docs/EVENTS.md}, from the schema files: every type and
 * version, its schema, its fields and an example message with its headers. The contract module's
 * build runs it (exec-maven-plugin, {@code process-classes}), so the catalogue changes with the
 * schemas and is never written by hand. Hand-written rather than a JSON Schema doc generator: the
 * page is mostly about the message around the payload (CloudEvents attributes, routing, versions),
 * which no such generator knows.
 */
public final class EventCatalogue {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String EXAMPLE_ID = "6f1c2a9e-3b7d-4c55-9d0e-8a2b41f0c7d3";

    private EventCatalogue() {}

    /** {@code EventCatalogue <file>}: writes the catalogue there if it changed. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: EventCatalogue <markdown file to write>");
        }
        Path target = Path.of(args[0]);
        String markdown = markdown(EventSchemas.load());
        if (!Files.exists(target) || !Files.readString(target).equals(markdown)) {
            Files.writeString(target, markdown, StandardCharsets.UTF_8);
            System.out.println("event catalogue written: " + target.normalize());
        }
    }

    public static String markdown(EventSchemas schemas) {
        StringBuilder page = new StringBuilder();
        page.append("# Event catalogue\n\n")
                .append("<!-- Generated from contracts/ by EventCatalogue on every build: edit the schemas, not this"
                        + " page. -->\n\n")
                .append("Every event is published to the topic exchange `outbox.events` (`EVENTS_EXCHANGE`) with the"
                        + " routing key `<aggregate type>.<type>`, as a [CloudEvent 1.0](https://github.com/cloudevents/spec)"
                        + " in the binary content mode of the CloudEvents AMQP binding: the attributes are message"
                        + " headers prefixed `cloudEvents:`, the body is the event's data (JSON, `content_type`"
                        + " `application/json`). `cloudEvents:time` is an RFC 3339 string (an AMQP 0-9-1 header"
                        + " timestamp has whole seconds only). `cloudEvents:dataschema` is the `$id` of the schema the"
                        + " data was written in: a consumer checks the data against that version, and parks what it"
                        + " cannot read. The evolution rules are in [DELIVERY.md](DELIVERY.md#event-contracts).\n\n")
                .append("| Type | Version | Schema | Routing key | Written now |\n")
                .append("|---|---|---|---|---|\n");
        for (EventSchema schema : schemas.all()) {
            page.append("| ")
                    .append(schema.type())
                    .append(" | v")
                    .append(schema.version())
                    .append(" | [")
                    .append(schema.path())
                    .append("](../")
                    .append(schema.path())
                    .append(")")
                    .append(" | `")
                    .append(EventRouting.routingKey(schema.aggregateType(), schema.type()))
                    .append("`")
                    .append(" | ")
                    .append(schemas.latest(schema.type()).equals(schema) ? "yes" : "no, still read")
                    .append(" |\n");
        }
        for (EventSchema schema : schemas.all()) {
            page.append("\n## ")
                    .append(schema.name())
                    .append("\n\n")
                    .append(schema.document().path("description").asText())
                    .append("\n\n")
                    .append("`dataschema`: `")
                    .append(schema.id())
                    .append("`\n\n")
                    .append("| Field | Type | Required | Description |\n")
                    .append("|---|---|---|---|\n");
            Set<String> required = new TreeSet<>();
            schema.document().path("required").forEach(name -> required.add(name.asText()));
            schema.document()
                    .path("properties")
                    .properties()
                    .forEach(field -> page.append("| `")
                            .append(field.getKey())
                            .append("` | ")
                            .append(type(field.getValue()))
                            .append(" | ")
                            .append(required.contains(field.getKey()) ? "yes" : "no")
                            .append(" | ")
                            .append(field.getValue().path("description").asText(""))
                            .append(" |\n"));
            JsonNode example = example(schema);
            page.append("\nAn example message:\n\n```\n")
                    .append("routing key: ")
                    .append(EventRouting.routingKey(schema.aggregateType(), schema.type()))
                    .append("\nproperties:  message_id=")
                    .append(EXAMPLE_ID)
                    .append(" type=")
                    .append(schema.type())
                    .append(" content_type=application/json delivery_mode=2\nheaders:\n");
            headers(schema, example)
                    .forEach((name, value) -> page.append("  ")
                            .append(name)
                            .append(": ")
                            .append(value)
                            .append("\n"));
            page.append("body:\n").append(pretty(example)).append("\n```\n");
        }
        page.append("\nUntil 0.3 every message also carries the headers of 0.1, deprecated: `")
                .append(MessageHeaders.AGGREGATE_TYPE)
                .append("` (the routing key's first part), `")
                .append(MessageHeaders.CREATED_AT_MICROS)
                .append("` (`cloudEvents:time` in microseconds) and the AMQP" + " `timestamp`; `")
                .append(MessageHeaders.AGGREGATE_ID)
                .append("` (= `cloudEvents:subject`)" + " stays, as the hash key of the worker's partitions.\n");
        return page.toString();
    }

    private static Map<String, Object> headers(EventSchema schema, JsonNode example) {
        String time = example.path("createdAt").asText(example.path("updatedAt").asText("2026-12-03T09:15:02.123456Z"));
        return CloudEventAttributes.headers(
                EXAMPLE_ID,
                CloudEventAttributes.DEFAULT_SOURCE,
                schema.type(),
                example.path("id").asText(),
                Instant.parse(time),
                schema.id());
    }

    private static String type(JsonNode property) {
        List<String> parts = new ArrayList<>();
        parts.add(property.path("type").asText("any"));
        for (String keyword : List.of("format", "const", "pattern", "minimum", "minLength", "maxLength")) {
            if (property.has(keyword)) {
                parts.add(keyword + " " + property.get(keyword).asText().replace("|", "\\|"));
            }
        }
        return String.join(", ", parts);
    }

    /** {@code contracts/<type>/examples/v<N>.json}: every version has one (SchemaEvolutionTest checks them). */
    private static JsonNode example(EventSchema schema) {
        String path = EventSchemas.directory(schema.type()) + "/examples/v" + schema.version() + ".json";
        try (InputStream in = EventCatalogue.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(schema.name() + " has no example: " + path);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pretty(JsonNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
