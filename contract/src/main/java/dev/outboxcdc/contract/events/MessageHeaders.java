package dev.outboxcdc.contract.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The AMQP headers of an event message, one definition for the relay that writes them, the worker
 * that reads them and the tests. The message id, type and content type travel in the standard
 * AMQP properties ({@code message_id}, {@code type}, {@code content_type}).
 */
public final class MessageHeaders {
    /** The outbox row's {@code aggregatetype}. */
    public static final String AGGREGATE_TYPE = "aggregate_type";
    /** The outbox row's {@code aggregateid}. */
    public static final String AGGREGATE_ID = "aggregate_id";
    /**
     * The outbox row's {@code created_at} in microseconds since the epoch (the AMQP {@code
     * timestamp} property has whole seconds only): the worker's event age is measured from it.
     */
    public static final String CREATED_AT_MICROS = "x-outbox-created-at-us";
    /** On a copy in the unrouted queue: the routing key it was first published with. */
    public static final String ORIGINAL_ROUTING_KEY = "x-original-routing-key";
    /** On a worker's retry copy: the attempt it is (the first delivery is attempt 1). */
    public static final String ATTEMPT = "x-attempt";
    /** On a worker's held copy: how many times it waited for its predecessor to be applied. */
    public static final String WAITS = "x-waits";
    /** On a worker's retry or parked copy: why the last attempt failed (at most 1,000 characters). */
    public static final String LAST_ERROR = "x-last-error";
    /*
     * The W3C trace context travels in the header Tracing.TRACEPARENT ("traceparent"), under the
     * same name as in HTTP.
     */

    private MessageHeaders() {}

    public static long createdAtMicros(Instant createdAt) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
    }

    /**
     * When the message's outbox row was created, from its headers (null allowed): {@link
     * #CREATED_AT_MICROS}, or {@link CloudEventAttributes#TIME} on a message without it.
     */
    public static Optional<Instant> createdAt(Map<String, Object> headers) {
        return headers != null && headers.get(CREATED_AT_MICROS) instanceof Number micros
                ? Optional.of(Instant.EPOCH.plus(micros.longValue(), ChronoUnit.MICROS))
                : CloudEventAttributes.time(headers);
    }
}
