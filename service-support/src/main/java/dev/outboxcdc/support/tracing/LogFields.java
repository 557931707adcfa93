package dev.outboxcdc.support.tracing;

import dev.outboxcdc.contract.events.MessageHeaders;

/**
 * The MDC keys every service puts on the log lines it writes for a request or an event; they are
 * fields of their own with {@code LOG_FORMAT=json}, and {@code trace_id=…} at the end of a text line.
 */
public final class LogFields {
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    public static final String MESSAGE_ID = "message_id";
    public static final String EVENT_TYPE = "event_type";
    /** Named as the message header it comes from. */
    public static final String AGGREGATE_ID = MessageHeaders.AGGREGATE_ID;

    public static final String CUSTOMER_ID = "customer_id";

    private LogFields() {}
}
