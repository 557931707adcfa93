package dev.outboxcdc.consumer.internal.receive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.consumer.EventHandler;
import dev.outboxcdc.consumer.Transaction;
import dev.outboxcdc.consumer.internal.amqp.IncomingMessage;
import dev.outboxcdc.consumer.internal.receive.BatchPartition.Valid;
import dev.outboxcdc.consumer.internal.tracing.EventTrace;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.support.db.DatabaseErrors;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a batch of deliveries in ONE transaction: record every message id with one statement,
 * then let each handler write its events of the batch together. An event that must wait for its
 * predecessor writes nothing, its record is taken back, and it is held; the rest commit. If an id was
 * recorded before, the batch goes message by message in the same transaction (a duplicate is
 * skipped). If a handler fails, the batch rolls back and each message is handled alone, so one bad
 * message costs the others nothing (a handler may thus run twice for one delivery; its first run left
 * no trace, as its effects were in the rolled-back transaction). Returns one {@link Decision} per
 * delivery; a database outage is thrown to the caller, which must not ack. Thread-safe.
 */
public final class IdempotentReceiver {
    private static final Logger log = LoggerFactory.getLogger(IdempotentReceiver.class);

    private final Jdbi jdbi;
    private final ProcessedMessages processed;
    private final Handlers handlers;
    private final EventSchemas schemas;
    private final ObjectMapper json;
    private final Tracer tracer;

    public IdempotentReceiver(
            Jdbi jdbi,
            ProcessedMessages processed,
            Handlers handlers,
            EventSchemas schemas,
            ObjectMapper json,
            Tracer tracer) {
        this.jdbi = jdbi;
        this.processed = processed;
        this.handlers = handlers;
        this.schemas = schemas;
        this.json = json;
        this.tracer = tracer;
    }

    /** What became of each delivery of a batch, in the order the decisions were made. */
    public record Outcome(List<Decision> decisions) {
        public Outcome {
            decisions = List.copyOf(decisions);
        }

        public List<Decision.Retry> retry() {
            return only(Decision.Retry.class);
        }

        public List<Decision.Park> park() {
            return only(Decision.Park.class);
        }

        public List<Decision.Hold> hold() {
            return only(Decision.Hold.class);
        }

        /** Deliveries of messages handled before, skipped in a committed transaction. */
        public int duplicates() {
            return (int) only(Decision.Commit.class).stream()
                    .filter(Decision.Commit::duplicate)
                    .count();
        }

        /** Messages whose effect committed now (first deliveries). */
        public int handled() {
            return (int) only(Decision.Commit.class).stream()
                    .filter(commit -> !commit.duplicate())
                    .count();
        }

        private <T extends Decision> List<T> only(Class<T> kind) {
            return decisions.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    /** Handles the batch, each message in a span of its own continuing its trace. */
    public Outcome receive(List<IncomingMessage> batch) {
        IdentityHashMap<IncomingMessage, EventTrace> traces = new IdentityHashMap<>();
        batch.forEach(message -> traces.put(
                message,
                EventTrace.start(
                        tracer,
                        message.messageId(),
                        message.type(),
                        message.properties().getHeaders())));
        @Nullable Outcome outcome = null;
        try {
            outcome = receive(batch, traces);
            return outcome;
        } finally {
            IdentityHashMap<IncomingMessage, String> failures = new IdentityHashMap<>();
            if (outcome == null) {
                batch.forEach(message -> failures.put(message, "the batch's transaction failed"));
            } else {
                outcome.decisions()
                        .forEach(decision ->
                                decision.failure().ifPresent(reason -> failures.put(decision.message(), reason)));
            }
            traces.forEach((message, trace) -> trace.end(failures.get(message)));
        }
    }

    private Outcome receive(List<IncomingMessage> batch, Map<IncomingMessage, EventTrace> traces) {
        BatchPartition.Sorted sorted = BatchPartition.sort(batch, handlers, schemas, json, traces::get);
        List<Valid> valid = sorted.valid();
        List<Decision> decisions = new ArrayList<>(sorted.park());
        if (valid.size() == 1) {
            decisions.add(handleAlone(valid.get(0)));
        } else if (!valid.isEmpty()) {
            try {
                decisions.addAll(jdbi.inTransaction(handle -> handleTogether(handle, valid)));
            } catch (RuntimeException batchError) {
                rethrowIfUnavailable(batchError);
                // Everything rolled back; handle each alone to find the failing one(s).
                for (Valid message : valid) {
                    decisions.add(handleAlone(message));
                }
            }
        }
        return new Outcome(decisions);
    }

    private Decision handleAlone(Valid message) {
        try (Scope traced = message.event().traced()) {
            boolean first = jdbi.inTransaction(handle -> handleOne(handle, message));
            return new Decision.Commit(message.delivery(), !first);
        } catch (RuntimeException e) {
            rethrowIfUnavailable(e);
            Decision decision = Decision.afterFailure(message.delivery(), e);
            if (decision instanceof Decision.Retry) {
                log.warn(
                        "Handler for [{}] failed on message {} (attempt {}): {}",
                        message.event().type(),
                        message.messageId(),
                        message.delivery().attempt(),
                        e.getMessage());
            }
            return decision;
        }
    }

    /** One transaction for all: every message committed, but those that wait for a predecessor. */
    private List<Decision> handleTogether(Handle handle, List<Valid> batch) {
        List<Decision> decisions = new ArrayList<>(batch.size());
        if (!processed.firstDeliveryOfAll(
                handle, batch.stream().map(Valid::messageId).toList())) {
            for (Valid message : batch) {
                decisions.add(new Decision.Commit(message.delivery(), !handleOne(handle, message)));
            }
            return decisions;
        }
        // Each type's events go to their handler together, types in the order they first appear. An
        // event that waited for a predecessor another type's events applied in this batch (an update
        // behind its create) gets another turn, as long as turns make progress.
        List<EventHandler.Waiting> waiting = handleByType(handle, batch);
        boolean severalHandlers = batch.stream().map(Valid::handler).distinct().count() > 1;
        for (int before = Integer.MAX_VALUE; severalHandlers && !waiting.isEmpty() && waiting.size() < before; ) {
            before = waiting.size();
            Set<String> waitingIds =
                    waiting.stream().map(EventHandler.Waiting::eventId).collect(Collectors.toSet());
            waiting = handleByType(
                    handle,
                    batch.stream()
                            .filter(message -> waitingIds.contains(message.messageId()))
                            .toList());
        }
        if (!waiting.isEmpty()) {
            processed.forget(
                    handle, waiting.stream().map(EventHandler.Waiting::eventId).toList());
        }
        Map<String, String> waits = waiting.stream()
                .collect(Collectors.toMap(
                        EventHandler.Waiting::eventId, EventHandler.Waiting::reason, (first, second) -> first));
        for (Valid message : batch) {
            String reason = waits.remove(message.messageId());
            decisions.add(
                    reason == null
                            ? new Decision.Commit(message.delivery(), false)
                            : new Decision.Hold(message.delivery(), reason));
        }
        return decisions;
    }

    private static List<EventHandler.Waiting> handleByType(Handle handle, List<Valid> messages) {
        List<EventHandler.Waiting> waiting = new ArrayList<>();
        Transaction transaction = new Transaction(handle);
        BatchPartition.byHandler(messages)
                .forEach((handler, events) -> waiting.addAll(handler.handleAll(events, transaction)));
        return waiting;
    }

    /** Handles the message, or skips it (false) if it was handled before. */
    private boolean handleOne(Handle handle, Valid message) {
        String id = message.messageId();
        try (Scope traced = message.event().traced()) {
            if (processed.firstDelivery(handle, id)) {
                message.handler().handle(message.event(), new Transaction(handle));
                return true;
            }
            log.info("Skipping duplicate {}", id);
            return false;
        }
    }

    private static void rethrowIfUnavailable(RuntimeException error) {
        if (DatabaseErrors.isUnavailable(error)) {
            throw error;
        }
    }
}
