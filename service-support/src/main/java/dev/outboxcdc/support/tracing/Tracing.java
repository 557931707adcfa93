package dev.outboxcdc.support.tracing;

import dev.outboxcdc.support.config.ConfigException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The trace context that travels with an event: the api takes the request's W3C {@code traceparent}
 * (or starts a trace), stores it in the outbox row's {@code tracingspancontext}; the relay copies it
 * into the message's {@code traceparent} header; the worker continues the trace from it.
 *
 * <p>The SDK is configured by OpenTelemetry's own {@code OTEL_*} environment variables; exporting
 * is off unless {@code OTEL_TRACES_EXPORTER=otlp} (with {@code OTEL_EXPORTER_OTLP_ENDPOINT}) says
 * otherwise, and spans are still made so that trace ids reach the logs and the next service.
 */
public final class Tracing {
    /** The W3C header, in HTTP requests and in AMQP message headers alike. */
    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        @SuppressWarnings("deprecation") // deprecated in TextMapGetter, yet every implementation must have it
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static @Nullable OpenTelemetry sdk;

    private Tracing() {}

    /**
     * The process's SDK, from the {@code OTEL_*} variables (a bad one stops the service naming it),
     * also registered as the global one that instrumented libraries look up (MySQL Connector/J
     * traces its statements with it) unless one was looked up before. One per process: later calls
     * return the first.
     */
    public static synchronized OpenTelemetry create(String service) {
        if (sdk == null) {
            try {
                sdk = AutoConfiguredOpenTelemetrySdk.builder()
                        .addPropertiesSupplier(() -> Map.of(
                                "otel.service.name", service,
                                "otel.traces.exporter", "none",
                                "otel.metrics.exporter", "none",
                                "otel.logs.exporter", "none"))
                        // Without any span processor the SDK makes no spans at all (1.68: the tracer counts
                        // as disabled), and no trace id would reach the logs or the next service.
                        .addTracerProviderCustomizer((tracers, config) -> tracers.addSpanProcessor(new KeepSpans()))
                        .build()
                        .getOpenTelemetrySdk();
                registerAsGlobal(sdk);
            } catch (ConfigurationException e) {
                throw new ConfigException(
                        "Invalid OpenTelemetry setting: " + asVariables(String.valueOf(e.getMessage())) + " (set: "
                                + String.join(
                                        ", ",
                                        System.getenv().keySet().stream()
                                                .filter(name -> name.startsWith("OTEL_"))
                                                .sorted()
                                                .toList())
                                + ")");
            }
        }
        return sdk;
    }

    private static void registerAsGlobal(OpenTelemetry sdk) {
        try {
            GlobalOpenTelemetry.set(sdk);
        } catch (IllegalStateException globalAskedForEarlier) {
            // A library looked the global one up before (in a test JVM, the JDBC driver of a test's
            // own connection); it keeps the no-op it got. The services call this first thing.
        }
    }

    /** The SDK names its settings as properties ({@code otel.traces.exporter}); we set them as variables. */
    static String asVariables(String message) {
        return Pattern.compile("otel(\\.[a-z0-9_]+)+")
                .matcher(message)
                .replaceAll(
                        property -> property.group().toUpperCase(Locale.ROOT).replace('.', '_'));
    }

    /** A processor that does nothing but keep the SDK making spans when nothing exports them. */
    private static final class KeepSpans implements SpanProcessor {
        @Override
        public void onStart(Context parent, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    /** The {@code traceparent} of the span current in {@code context}, if it has a valid one. */
    public static Optional<String> traceparent(Context context) {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(context, carrier, Map::put);
        return Optional.ofNullable(carrier.get(TRACEPARENT));
    }

    /** The context a {@code traceparent} continues (the root context if it is missing or malformed). */
    public static Context continueFrom(@Nullable String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
    }
}
