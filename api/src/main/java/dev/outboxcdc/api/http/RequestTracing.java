package dev.outboxcdc.api.http;

import dev.outboxcdc.support.tracing.LogFields;
import dev.outboxcdc.support.tracing.Tracing;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * A server span per request, child of the caller's W3C {@code traceparent} when it sends one (a new
 * trace otherwise), current while the handler runs, so that what the handler writes (the outbox
 * row's {@code tracingspancontext}) carries it.
 */
final class RequestTracing {
    private static final String SPAN = RequestTracing.class.getName() + ".span";
    private static final String SCOPE = RequestTracing.class.getName() + ".scope";

    private final Tracer tracer;

    RequestTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("outbox-cdc-api");
    }

    @SuppressWarnings("MustBeClosedChecker") // the scope spans the request: finished() closes it
    void started(Context ctx) {
        Span span = tracer.spanBuilder(ctx.method().name() + " " + ctx.path())
                .setParent(Tracing.continueFrom(ctx.header(Tracing.TRACEPARENT)))
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        ctx.attribute(SPAN, span);
        ctx.attribute(SCOPE, span.makeCurrent());
        MDC.put(LogFields.TRACE_ID, span.getSpanContext().getTraceId());
        MDC.put(LogFields.SPAN_ID, span.getSpanContext().getSpanId());
    }

    void finished(Context ctx) {
        Scope scope = ctx.attribute(SCOPE);
        Span span = ctx.attribute(SPAN);
        if (scope == null || span == null) {
            return;
        }
        scope.close();
        MDC.remove(LogFields.TRACE_ID);
        MDC.remove(LogFields.SPAN_ID);
        Endpoint matched = ctx.endpoints().lastHttpEndpoint();
        if (matched != null) {
            span.updateName(ctx.method().name() + " " + matched.path);
        }
        span.setAttribute("http.response.status_code", ctx.statusCode());
        if (ctx.statusCode() >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
