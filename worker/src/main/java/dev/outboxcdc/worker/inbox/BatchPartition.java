package dev.outboxcdc.worker.inbox;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.worker.consume.IncomingMessage;
import dev.outboxcdc.worker.handler.InvalidMessageException;
import dev.outboxcdc.worker.handler.MessageHandler;
import dev.outboxcdc.worker.inbox.IdempotentReceiver.Failure;
import dev.outboxcdc.worker.tracing.EventTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The part of receiving a batch that needs no database: which deliveries can be handled at all
 * (a usable message id, a handler for the type, a JSON object as payload; the rest is parked with
 * the reason), and how the handleable ones go to their handlers (one group per handler, in the
 * order the types first appear, each group in delivery order).
 */
final class BatchPartition {
    /** Longer ids do not fit the dedup table's key ({@code processed_messages.message_id}). */
    static final int MAX_MESSAGE_ID_LENGTH = 64;

    /** A delivery its handler can take: the payload parsed, its trace started. */
    record Valid(IncomingMessage delivery, MessageHandler handler, JsonNode payload, EventTrace trace) {}

    /** The deliveries to handle, and those to park at once with the reason. */
    record Sorted(List<Valid> valid, List<Failure> park) {}

    private BatchPartition() {}

    static Sorted sort(
            List<IncomingMessage> batch,
            Map<String, MessageHandler> handlers,
            ObjectMapper json,
            Function<IncomingMessage, EventTrace> traces) {
        List<Valid> valid = new ArrayList<>();
        List<Failure> park = new ArrayList<>();
        for (IncomingMessage message : batch) {
            try {
                valid.add(validate(message, handlers, json, traces.apply(message)));
            } catch (InvalidMessageException e) {
                park.add(new Failure(message, e.getMessage()));
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
            IncomingMessage message, Map<String, MessageHandler> handlers, ObjectMapper json, EventTrace trace) {
        if (message.messageId() == null
                || message.messageId().isBlank()
                || message.messageId().length() > MAX_MESSAGE_ID_LENGTH) {
            throw new InvalidMessageException("message has no usable message_id");
        }
        MessageHandler handler = handlers.get(message.type());
        if (handler == null) {
            throw new InvalidMessageException("no handler for message type '" + message.type() + "'");
        }
        try {
            JsonNode payload = json.readTree(message.body());
            if (payload == null || !payload.isObject()) {
                throw new InvalidMessageException("payload is not a JSON object");
            }
            return new Valid(message, handler, payload, trace);
        } catch (JacksonException e) {
            throw new InvalidMessageException("payload is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
