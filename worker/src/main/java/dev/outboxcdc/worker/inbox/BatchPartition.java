package dev.outboxcdc.worker.inbox;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.schema.EventSchema;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.support.errors.ErrorMessages;
import dev.outboxcdc.worker.consume.IncomingMessage;
import dev.outboxcdc.worker.handler.InvalidMessageException;
import dev.outboxcdc.worker.handler.MessageHandler;
import dev.outboxcdc.worker.inbox.IdempotentReceiver.Failure;
import dev.outboxcdc.worker.tracing.EventTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The part of receiving a batch that needs no database: which deliveries can be handled at all
 * (a usable message id, a handler for the type, a schema version the handler reads, a JSON object
 * that matches that schema; the rest is parked at once with the reason, never retried), and how
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
    record Valid(IncomingMessage delivery, MessageHandler handler, JsonNode payload, EventTrace trace) {}

    /** The deliveries to handle, and those to park at once with the reason. */
    record Sorted(List<Valid> valid, List<Failure> park) {}

    private BatchPartition() {}

    static Sorted sort(
            List<IncomingMessage> batch,
            Map<String, MessageHandler> handlers,
            EventSchemas schemas,
            ObjectMapper json,
            Function<IncomingMessage, EventTrace> traces) {
        List<Valid> valid = new ArrayList<>();
        List<Failure> park = new ArrayList<>();
        for (IncomingMessage message : batch) {
            try {
                valid.add(validate(message, handlers, schemas, json, traces.apply(message)));
            } catch (InvalidMessageException e) {
                park.add(new Failure(message, ErrorMessages.of(e)));
            }
        }
        return new Sorted(List.copyOf(valid), List.copyOf(park));
    }

    /** One group per handler, handlers in the order their types first appear, events in delivery order. */
    static Map<MessageHandler, List<MessageHandler.Event>> byHandler(List<Valid> messages) {
        Map<MessageHandler, List<MessageHandler.Event>> byHandler = new LinkedHashMap<>();
        for (Valid message : messages) {
            byHandler
                    .computeIfAbsent(message.handler(), handler -> new ArrayList<>())
                    .add(new MessageHandler.Event(
                            message.delivery().messageId(),
                            message.payload(),
                            message.delivery().body(),
                            message.trace()));
        }
        return byHandler;
    }

    private static Valid validate(
            IncomingMessage message,
            Map<String, MessageHandler> handlers,
            EventSchemas schemas,
            ObjectMapper json,
            EventTrace trace) {
        if (message.messageId() == null
                || message.messageId().isBlank()
                || message.messageId().length() > MAX_MESSAGE_ID_LENGTH) {
            throw new InvalidMessageException("message has no usable message_id");
        }
        if (message.type() == null) {
            throw new InvalidMessageException("message has neither a cloudEvents:type header nor a type property");
        }
        MessageHandler handler = handlers.get(message.type());
        if (handler == null) {
            throw new InvalidMessageException("no handler for message type '" + message.type() + "'");
        }
        Optional<EventSchema> schema = schema(message, schemas);
        if (schema.isPresent() && !handler.versions().contains(schema.get().version())) {
            throw new InvalidMessageException(
                    schema.get().name() + " (" + schema.get().id()
                            + ") is not read by this worker, which reads " + message.type() + " v"
                            + new TreeSet<>(handler.versions()) + "; requeue it once a worker that reads it runs");
        }
        JsonNode payload;
        try {
            payload = json.readTree(message.body());
        } catch (JacksonException e) {
            throw new InvalidMessageException("payload is not valid JSON: " + e.getOriginalMessage());
        }
        if (payload == null || !payload.isObject()) {
            throw new InvalidMessageException("payload is not a JSON object");
        }
        if (schema.isPresent()) {
            List<String> violations = schema.get().violations(payload);
            if (!violations.isEmpty()) {
                throw new InvalidMessageException("payload does not match "
                        + schema.get().name() + " ("
                        + schema.get().id() + "): "
                        + String.join("; ", violations.subList(0, Math.min(violations.size(), MAX_VIOLATIONS))));
            }
        }
        return new Valid(message, handler, payload, trace);
    }

    /**
     * The schema the message names in {@code cloudEvents:dataschema}, or version 1 of its type's
     * if it names none; empty for a type without schemas.
     */
    private static Optional<EventSchema> schema(IncomingMessage message, EventSchemas schemas) {
        Optional<String> named =
                CloudEventAttributes.text(message.properties().getHeaders(), CloudEventAttributes.DATA_SCHEMA);
        if (named.isEmpty()) {
            return schemas.version(message.type(), EventSchemas.UNVERSIONED);
        }
        EventSchema schema = schemas.byId(named.get())
                .orElseThrow(() -> new InvalidMessageException("unknown dataschema '" + named.get() + "' for "
                        + message.type() + ": this worker knows " + known(message.type(), schemas)));
        if (!schema.type().equals(message.type())) {
            throw new InvalidMessageException("dataschema '" + named.get() + "' is a schema of " + schema.type()
                    + ", not of the message's type " + message.type());
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
