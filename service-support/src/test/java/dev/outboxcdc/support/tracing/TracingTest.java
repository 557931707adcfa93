package dev.outboxcdc.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

class TracingTest {
    private final Tracer tracer = Tracing.create("tracing-test").getTracer("test");

    @Test
    void withNothingExportingASpanStillHasATraceIdThatTravels() {
        Span span = tracer.spanBuilder("request")
                .setParent(Tracing.continueFrom(null))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            assertThat(Tracing.traceparent(Context.current()))
                    .hasValueSatisfying(traceparent -> assertThat(traceparent)
                            .startsWith("00-" + span.getSpanContext().getTraceId() + "-"
                                    + span.getSpanContext().getSpanId() + "-")
                            .as("sampled")
                            .matches(".*-0[13]"));
        } finally {
            span.end();
        }
    }

    @Test
    void aChildContinuesTheTraceOfTheTraceparentItIsGiven() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        Span child = tracer.spanBuilder("event")
                .setParent(Tracing.continueFrom(traceparent))
                .startSpan();

        assertThat(child.getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(child.getSpanContext().getSpanId()).isNotEqualTo("00f067aa0ba902b7");
        child.end();
    }

    @Test
    void aMissingOrMalformedTraceparentStartsANewTrace() {
        for (String bad :
                new String[] {null, "", "not-a-traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"
                }) {
            Span span = tracer.spanBuilder("event")
                    .setParent(Tracing.continueFrom(bad))
                    .startSpan();
            assertThat(span.getSpanContext().isValid()).as(String.valueOf(bad)).isTrue();
            assertThat(span.getSpanContext().getTraceId()).isNotEqualTo("00000000000000000000000000000000");
            span.end();
        }
    }

    @Test
    void theSdksPropertyNamesAreReportedAsTheVariablesThatSetThem() {
        assertThat(Tracing.asVariables(
                        "otel.traces.exporter set to \"zipkin\" but opentelemetry-exporter-zipkin not found"))
                .isEqualTo("OTEL_TRACES_EXPORTER set to \"zipkin\" but opentelemetry-exporter-zipkin not found");
        assertThat(Tracing.asVariables("Invalid OTLP endpoint (otel.exporter.otlp.endpoint): ht!tp"))
                .contains("OTEL_EXPORTER_OTLP_ENDPOINT");
    }
}
