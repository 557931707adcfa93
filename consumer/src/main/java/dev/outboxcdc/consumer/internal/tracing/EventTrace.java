package dev.outboxcdc.consumer.internal.tracing;

import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.support.tracing.LogFields;
import dev.outboxcdc.support.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The worker's part of one event's trace: a consumer span, child of the {@code traceparent} the
 * relay copied from the outbox row (so of the api request that wrote it), and the MDC fields of
 * every log line written while the event is handled ({@link #activate()}).
 */
public final class EventTrace {
    private final Span span;
    private final Map<String, String> fields;

    private EventTrace(Span span, Map<String, String> fields) {
        this.span = span;
        this.fields = fields;
    }

    public static EventTrace start(
            Tracer tracer, String messageId, String type, @Nullable Map<String, Object> headers) {
        Map<String, Object> present = headers == null ? Map.of() : headers;
        Object traceparent = present.get(Tracing.TRACEPARENT);
        Span span = tracer.spanBuilder(type + " process")
                .setParent(Tracing.continueFrom(traceparent == null ? null : traceparent.toString()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.message.id", Objects.toString(messageId, ""))
                .startSpan();
        return new EventTrace(
                span,
                Map.of(
                        LogFields.TRACE_ID, span.getSpanContext().getTraceId(),
                        LogFields.SPAN_ID, span.getSpanContext().getSpanId(),
                        LogFields.MESSAGE_ID, Objects.toString(messageId, ""),
                        LogFields.EVENT_TYPE, Objects.toString(type, ""),
                        LogFields.AGGREGATE_ID, Objects.toString(present.get(MessageHeaders.AGGREGATE_ID), "")));
    }

    /** Makes the span current and puts the event's fields in the MDC until the scope closes. */
    @SuppressWarnings("MustBeClosedChecker") // the returned scope closes it
    public Scope activate() {
        Scope current = span.makeCurrent();
        fields.forEach(MDC::put);
        return () -> {
            fields.keySet().forEach(MDC::remove);
            current.close();
        };
    }

    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    /** Ends the span; {@code failure} (null if handled) marks it as an error. */
    public void end(@Nullable String failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure);
        }
        span.end();
    }
}
