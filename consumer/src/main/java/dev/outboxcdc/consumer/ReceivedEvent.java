package dev.outboxcdc.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.Optional;

/**
 * One event as a handler gets it: its CloudEvents attributes and its data, checked against the
 * schema version it names. Its id is the one the idempotent receiver records.
 */
public interface ReceivedEvent {
    /** CloudEvents {@code id}: the outbox row's id, the same on every delivery of the event. */
    String id();

    /** CloudEvents {@code type}, e.g. {@code CustomerCreated}. */
    String type();

    /** The schema version of {@link #data()} (from CloudEvents {@code dataschema}; 1 when it names none). */
    int version();

    /** CloudEvents {@code source}, when the message carries it. */
    Optional<String> source();

    /** CloudEvents {@code subject}: the aggregate's id, when the message carries it. */
    Optional<String> subject();

    /** CloudEvents {@code time}: when the event was written, when the message carries it. */
    Optional<Instant> time();

    /** The aggregate's id ({@code aggregate_id} header), when the message carries it. */
    Optional<String> aggregateId();

    /** The payload, a JSON object valid against the schema version. */
    JsonNode data();

    /** The payload as it arrived. */
    String rawData();

    /** 1 on the first delivery; one more after each failed attempt. */
    int attempt();

    /**
     * Makes the event's trace span current and puts its ids in the logging MDC until the scope is
     * closed: a handler of several events logs each inside {@code try (Scope s = event.traced())}.
     */
    Scope traced();
}
