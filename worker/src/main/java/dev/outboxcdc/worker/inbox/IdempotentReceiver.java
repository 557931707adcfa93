package dev.outboxcdc.worker.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.support.db.DatabaseErrors;
import dev.outboxcdc.support.errors.ErrorMessages;
import dev.outboxcdc.worker.consume.IncomingMessage;
import dev.outboxcdc.worker.handler.InvalidMessageException;
import dev.outboxcdc.worker.handler.MessageHandler;
import dev.outboxcdc.worker.handler.PredecessorMissingException;
import dev.outboxcdc.worker.inbox.BatchPartition.Valid;
import dev.outboxcdc.worker.tracing.EventTrace;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a batch of deliveries in ONE transaction: record every message id with one statement,
 * then let each handler write its events of the batch together. An event that must wait for its predecessor
 * writes nothing, its record is taken back, and it is held; the rest commit. If an id was recorded before, the batch goes
 * message by message in the same transaction (a duplicate is skipped). If a handler fails, the batch rolls back and each message is
 * handled alone, so one bad message costs the others nothing (a handler may thus run twice for one
 * delivery; its first run left no trace, as its effects were in the rolled-back transaction).
 * A database outage is thrown to the caller, which must not ack. Thread-safe.
 */
public final class IdempotentReceiver {
    private static final Logger log = LoggerFactory.getLogger(IdempotentReceiver.class);

    private final Jdbi jdbi;
    private final ProcessedMessages processed;
    private final Map<String, MessageHandler> handlers;
    private final EventSchemas schemas;
    private final ObjectMapper json;
    private final Tracer tracer;

    public IdempotentReceiver(
            Jdbi jdbi,
            ProcessedMessages processed,
            List<MessageHandler> handlers,
            EventSchemas schemas,
            ObjectMapper json,
            Tracer tracer) {
        this.jdbi = jdbi;
        this.processed = processed;
        this.handlers =
                handlers.stream().collect(Collectors.toUnmodifiableMap(MessageHandler::type, Function.identity()));
        this.schemas = schemas;
        this.json = json;
        this.tracer = tracer;
    }

    /**
     * What to do with the messages that were not handled; all others committed, {@code duplicates}
     * of them as skipped duplicates (counted in committed transactions only).
     */
    public record Outcome(List<Failure> retry, List<Failure> park, List<Failure> hold, int duplicates) {
        /** Every message that was not committed: to retry, to park, or to hold until its predecessor is applied. */
        public List<Failure> notHandled() {
            List<Failure> all = new ArrayList<>(retry);
            all.addAll(park);
            all.addAll(hold);
            return all;
        }
    }

    public record Failure(IncomingMessage message, String reason) {}

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
        Outcome outcome = null;
        try {
            outcome = receive(batch, traces);
            return outcome;
        } finally {
            IdentityHashMap<IncomingMessage, String> failures = new IdentityHashMap<>();
            if (outcome == null) {
                batch.forEach(message -> failures.put(message, "the batch's transaction failed"));
            } else {
                outcome.notHandled().forEach(failure -> failures.put(failure.message(), failure.reason()));
            }
            traces.forEach((message, trace) -> trace.end(failures.get(message)));
        }
    }

    private Outcome receive(List<IncomingMessage> batch, Map<IncomingMessage, EventTrace> traces) {
        BatchPartition.Sorted sorted = BatchPartition.sort(batch, handlers, schemas, json, traces::get);
        List<Valid> valid = sorted.valid();
        List<Failure> park = new ArrayList<>(sorted.park());
        List<Failure> retry = new ArrayList<>();
        List<Failure> hold = new ArrayList<>();
        if (valid.isEmpty()) {
            return new Outcome(retry, park, hold, 0);
        }
        if (valid.size() == 1) {
            int duplicates = handleAlone(valid.get(0), retry, park, hold);
            return new Outcome(retry, park, hold, duplicates);
        }
        int duplicates = 0;
        try {
            Together together = jdbi.inTransaction(handle -> handleTogether(handle, valid));
            duplicates = together.duplicates();
            Map<String, Valid> byId = valid.stream()
                    .collect(Collectors.toMap(
                            message -> message.delivery().messageId(), Function.identity(), (first, second) -> first));
            together.waiting()
                    .forEach(waiting -> hold.add(new Failure(
                            Objects.requireNonNull(byId.get(waiting.messageId()), "waits, not in the batch")
                                    .delivery(),
                            waiting.reason())));
        } catch (RuntimeException batchError) {
            rethrowIfUnavailable(batchError);
            // Everything rolled back; handle each alone to find the failing one(s).
            for (Valid message : valid) {
                duplicates += handleAlone(message, retry, park, hold);
            }
        }
        return new Outcome(retry, park, hold, duplicates);
    }

    /** Returns 1 if the message was a duplicate, skipped in a committed transaction. */
    private int handleAlone(Valid message, List<Failure> retry, List<Failure> park, List<Failure> hold) {
        try (Scope traced = message.trace().activate()) {
            return jdbi.inTransaction(handle -> handleOne(handle, message) ? 0 : 1);
        } catch (PredecessorMissingException e) {
            hold.add(new Failure(message.delivery(), ErrorMessages.of(e)));
        } catch (InvalidMessageException e) {
            park.add(new Failure(message.delivery(), ErrorMessages.of(e)));
        } catch (RuntimeException e) {
            rethrowIfUnavailable(e);
            log.warn(
                    "Handler for [{}] failed on message {} (attempt {}): {}",
                    message.handler().type(),
                    message.delivery().messageId(),
                    message.delivery().attempt(),
                    e.getMessage());
            retry.add(new Failure(message.delivery(), e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        return 0;
    }

    /** What a batch's transaction did: how many were duplicates (skipped), which events wait (not written). */
    private record Together(int duplicates, List<MessageHandler.Waiting> waiting) {}

    private Together handleTogether(Handle handle, List<Valid> batch) {
        if (!processed.firstDeliveryOfAll(
                handle,
                batch.stream().map(message -> message.delivery().messageId()).toList())) {
            int duplicates = 0;
            for (Valid message : batch) {
                duplicates += handleOne(handle, message) ? 0 : 1;
            }
            return new Together(duplicates, List.of());
        }
        // Each type's events go to their handler together, types in the order they first appear. An
        // event that waited for a predecessor another type's events applied in this batch (an update
        // behind its create) gets another turn, as long as turns make progress.
        List<MessageHandler.Waiting> waiting = handleByType(handle, batch);
        boolean severalTypes = batch.stream().map(Valid::handler).distinct().count() > 1;
        for (int before = Integer.MAX_VALUE; severalTypes && !waiting.isEmpty() && waiting.size() < before; ) {
            before = waiting.size();
            Set<String> waitingIds =
                    waiting.stream().map(MessageHandler.Waiting::messageId).collect(Collectors.toSet());
            waiting = handleByType(
                    handle,
                    batch.stream()
                            .filter(message ->
                                    waitingIds.contains(message.delivery().messageId()))
                            .toList());
        }
        if (!waiting.isEmpty()) {
            processed.forget(
                    handle,
                    waiting.stream().map(MessageHandler.Waiting::messageId).toList());
        }
        return new Together(0, waiting);
    }

    private static List<MessageHandler.Waiting> handleByType(Handle handle, List<Valid> messages) {
        List<MessageHandler.Waiting> waiting = new ArrayList<>();
        BatchPartition.byHandler(messages)
                .forEach((handler, events) -> waiting.addAll(handler.handleAll(handle, events)));
        return waiting;
    }

    /** Handles the message, or skips it (false) if it was handled before. */
    private boolean handleOne(Handle handle, Valid message) {
        String id = message.delivery().messageId();
        try (Scope traced = message.trace().activate()) {
            if (processed.firstDelivery(handle, id)) {
                message.handler()
                        .handle(
                                handle,
                                id,
                                message.payload(),
                                message.delivery().body());
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
