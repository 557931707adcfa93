package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outboxcdc.consumer.InvalidEventException;

/** Reading an event's payload fields; a missing or mistyped one makes the message malformed (parked). */
final class Payloads {
    private Payloads() {}

    static String text(JsonNode payload, String type, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidEventException(type + " payload lacks a string '" + field + "'");
        }
        return value.textValue();
    }

    static long positiveNumber(JsonNode payload, String type, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 1) {
            throw new InvalidEventException(type + " payload lacks a positive whole number '" + field + "'");
        }
        return value.asLong();
    }
}
