package dev.outboxcdc.consumer.internal.receive;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.consumer.EventHandler;
import dev.outboxcdc.consumer.InvalidEventException;
import dev.outboxcdc.consumer.ReceivedEvent;
import dev.outboxcdc.consumer.internal.amqp.IncomingMessage;
import dev.outboxcdc.consumer.internal.tracing.EventTrace;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.contract.schema.EventSchema;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.support.errors.ErrorMessages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The part of receiving a batch that needs no database: which deliveries can be handled at all
 * (a usable message id, a handler for the type and schema version, a JSON object that matches that
 * schema; the rest is parked at once with the reason, never retried), and how
 * the handleable ones go to their handlers (one group per handler, in the order the types first
 * appear, each group in delivery order). The version is the one whose {@code $id} the message's
 * {@code cloudEvents:dataschema} names; a message without it (published before 0.2) is version 1.
 * A type the catalogue has no schema for is left to its handler's own checks.
 */
final class BatchPartition {
    /** Longer ids do not fit the dedup table's key ({@code processed_messages.message_id}). */
    static final int MAX_MESSAGE_ID_LENGTH = 64;
    /** A payload's violations named in the parking reason, at most (the reason is cut at 1,000 characters). */
    private static final int MAX_VIOLATIONS = 5;

    /** A delivery its handler can take: the payload parsed, its trace started. */
    record Valid(IncomingMessage delivery, EventHandler handler, Received event) {
        String messageId() {
            return delivery.messageId();
        }
    }

    /** The deliveries to handle, and those to park at once with the reason. */
    record Sorted(List<Valid> valid, List<Decision.Park> park) {}

    private BatchPartition() {}

    static Sorted sort(
            List<IncomingMessage> batch,
            Handlers handlers,
            EventSchemas schemas,
            ObjectMapper json,
            Function<IncomingMessage, EventTrace> traces) {
        List<Valid> valid = new ArrayList<>();
        List<Decision.Park> park = new ArrayList<>();
        for (IncomingMessage message : batch) {
            try {
                valid.add(validate(message, handlers, schemas, json, traces.apply(message)));
            } catch (InvalidEventException e) {
                park.add(new Decision.Park(message, ErrorMessages.of(e)));
            }
        }
        return new Sorted(List.copyOf(valid), List.copyOf(park));
    }

    /** One group per handler, handlers in the order their types first appear, events in delivery order. */
    static Map<EventHandler, List<ReceivedEvent>> byHandler(List<Valid> messages) {
        Map<EventHandler, List<ReceivedEvent>> byHandler = new LinkedHashMap<>();
        for (Valid message : messages) {
            byHandler
                    .computeIfAbsent(message.handler(), handler -> new ArrayList<>())
                    .add(message.event());
        }
        return byHandler;
    }

    private static Valid validate(
            IncomingMessage message, Handlers handlers, EventSchemas schemas, ObjectMapper json, EventTrace trace) {
        String id = message.messageId();
        if (id == null || id.isBlank() || id.length() > MAX_MESSAGE_ID_LENGTH) {
            throw new InvalidEventException("message has no usable message_id");
        }
        String type = message.type();
        if (type == null) {
            throw new InvalidEventException("message has neither a cloudEvents:type header nor a type property");
        }
        if (!handlers.handles(type)) {
            throw new InvalidEventException("no handler for message type '" + type + "'");
        }
        Optional<EventSchema> schema = schema(message, type, schemas);
        int version = schema.map(EventSchema::version).orElse(EventSchemas.UNVERSIONED);
        EventHandler handler = handlers.handler(type, version)
                .orElseThrow(() -> new InvalidEventException(
                        schema.map(s -> s.name() + " (" + s.id() + ")").orElse(type + " v" + version)
                                + " is not read by this consumer, which reads " + type + " v" + handlers.versions(type)
                                + "; requeue it once a consumer that reads it runs"));
        JsonNode payload;
        try {
            payload = json.readTree(message.body());
        } catch (JacksonException e) {
            throw new InvalidEventException("payload is not valid JSON: " + e.getOriginalMessage());
        }
        if (payload == null || !payload.isObject()) {
            throw new InvalidEventException("payload is not a JSON object");
        }
        if (schema.isPresent()) {
            List<String> violations = schema.get().violations(payload);
            if (!violations.isEmpty()) {
                throw new InvalidEventException("payload does not match "
                        + schema.get().name() + " ("
                        + schema.get().id() + "): "
                        + String.join("; ", violations.subList(0, Math.min(violations.size(), MAX_VIOLATIONS))));
            }
        }
        Map<String, Object> headers =
                Objects.requireNonNullElse(message.properties().getHeaders(), Map.of());
        return new Valid(
                message,
                handler,
                new Received(
                        id,
                        type,
                        version,
                        CloudEventAttributes.text(headers, CloudEventAttributes.SOURCE),
                        CloudEventAttributes.text(headers, CloudEventAttributes.SUBJECT),
                        CloudEventAttributes.time(headers),
                        Optional.ofNullable(headers.get(MessageHeaders.AGGREGATE_ID))
                                .map(Object::toString),
                        payload,
                        message.body(),
                        message.attempt(),
                        trace));
    }

    /**
     * The schema the message names in {@code cloudEvents:dataschema}, or version 1 of its type's
     * if it names none; empty for a type without schemas.
     */
    private static Optional<EventSchema> schema(IncomingMessage message, String type, EventSchemas schemas) {
        Optional<String> named =
                CloudEventAttributes.text(message.properties().getHeaders(), CloudEventAttributes.DATA_SCHEMA);
        if (named.isEmpty()) {
            return schemas.version(type, EventSchemas.UNVERSIONED);
        }
        EventSchema schema = schemas.byId(named.get())
                .orElseThrow(() -> new InvalidEventException("unknown dataschema '" + named.get() + "' for " + type
                        + ": this consumer knows " + known(type, schemas)));
        if (!schema.type().equals(type)) {
            throw new InvalidEventException("dataschema '" + named.get() + "' is a schema of " + schema.type()
                    + ", not of the message's type " + type);
        }
        return Optional.of(schema);
    }

    private static String known(String type, EventSchemas schemas) {
        List<String> ids = schemas.all().stream()
                .filter(schema -> schema.type().equals(type))
                .map(EventSchema::id)
                .toList();
        return ids.isEmpty() ? "no schema of it" : String.join(", ", ids);
    }
}
