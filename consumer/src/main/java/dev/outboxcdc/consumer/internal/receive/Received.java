package dev.outboxcdc.consumer.internal.receive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outboxcdc.consumer.ReceivedEvent;
import dev.outboxcdc.consumer.internal.tracing.EventTrace;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.Optional;

/** A delivery its handler can take, as the handler sees it. */
record Received(
        String id,
        String type,
        int version,
        Optional<String> source,
        Optional<String> subject,
        Optional<Instant> time,
        Optional<String> aggregateId,
        JsonNode data,
        String rawData,
        int attempt,
        EventTrace trace)
        implements ReceivedEvent {
    @Override
    public Scope traced() {
        return trace.activate();
    }
}
