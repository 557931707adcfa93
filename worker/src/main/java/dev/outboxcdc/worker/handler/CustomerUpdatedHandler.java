package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outboxcdc.support.events.CustomerEvents;
import dev.outboxcdc.support.tracing.LogFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies a customer's change to the read model, in the customer's version order: version n only
 * on top of version n − 1 (the row locked meanwhile, so two consumers cannot both apply one); a
 * version already applied is skipped; one whose predecessor is missing waits
 * ({@link PredecessorMissingException}) and comes back later.
 */
public final class CustomerUpdatedHandler implements MessageHandler {
    private static final Logger log = LoggerFactory.getLogger(CustomerUpdatedHandler.class);
    private final CustomerDirectory directory = new CustomerDirectory();

    @Override
    public String type() {
        return CustomerEvents.UPDATED;
    }

    @Override
    public void handle(Handle handle, String messageId, JsonNode payload, String rawPayload) {
        CustomerDirectory.Entry change = change(messageId, payload);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogFields.CUSTOMER_ID, change.id())) {
            log.info("Handling [{}] - Payload: '{}'", type(), rawPayload);
            apply(handle, change);
        }
    }

    /**
     * One customer's rows locked after another's, in id order (two batches never wait on each other
     * in a circle), and one customer's events in version order, so that versions delivered out of
     * order within the batch are applied in order. An event whose predecessor is missing writes
     * nothing and waits, and so do its customer's later ones; the others commit without them.
     */
    @Override
    public List<Waiting> handleAll(Handle handle, List<Event> events) {
        List<Event> inOrder = events.stream()
                .sorted(Comparator.comparing((Event event) -> Payloads.text(event.payload(), type(), "id"))
                        .thenComparingLong(event -> Payloads.positiveNumber(event.payload(), type(), "version")))
                .toList();
        List<Waiting> waiting = new ArrayList<>();
        for (Event event : inOrder) {
            try (var traced = event.traced()) {
                handle(handle, event.messageId(), event.payload(), event.rawPayload());
            } catch (PredecessorMissingException e) {
                waiting.add(new Waiting(event.messageId(), e.getMessage()));
            }
        }
        return waiting;
    }

    private void apply(Handle handle, CustomerDirectory.Entry change) {
        Optional<Long> current = directory.lockedVersion(handle, change.id());
        if (current.isPresent() && current.get() >= change.version()) {
            log.info("Customer {} is at version {} already; version {} skipped", change.id(), current.get(), change.version());
            return;
        }
        if (current.isEmpty() || current.get() != change.version() - 1) {
            throw new PredecessorMissingException("customer " + change.id() + " is at version "
                    + current.map(String::valueOf).orElse("none") + ", this event is version " + change.version());
        }
        directory.updated(handle, change);
    }

    private CustomerDirectory.Entry change(String messageId, JsonNode payload) {
        return new CustomerDirectory.Entry(Payloads.text(payload, type(), "id"), Payloads.text(payload, type(), "email"),
                Payloads.text(payload, type(), "name"), Payloads.positiveNumber(payload, type(), "version"), messageId);
    }
}
