package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outboxcdc.consumer.PredecessorMissingException;
import dev.outboxcdc.consumer.ReceivedEvent;
import dev.outboxcdc.consumer.Transaction;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.support.tracing.LogFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies customers' changes to the read model, in each customer's version order: version n only
 * on top of version n − 1 (the rows locked meanwhile, so two consumers cannot both apply one); a
 * version already applied is skipped; one whose predecessor is missing waits and comes back later.
 * A batch costs three statements whatever its size: lock the customers' rows, update them to their
 * last applicable state, log every version taken.
 */
public final class CustomerUpdatedHandler implements MessageHandler {
    private static final Logger log = LoggerFactory.getLogger(CustomerUpdatedHandler.class);
    private final CustomerDirectory directory = new CustomerDirectory();

    @Override
    public String type() {
        return CustomerEvents.UPDATED;
    }

    /** @throws PredecessorMissingException the customer's previous version is not applied yet (nothing written) */
    @Override
    public void handle(ReceivedEvent event, Transaction transaction) {
        CustomerDirectory.Entry change = change(event.id(), event.data());
        logHandling(change, event.rawData());
        List<Waiting> waiting = apply(transaction.handle(), List.of(change));
        if (!waiting.isEmpty()) {
            throw new PredecessorMissingException(waiting.get(0).reason());
        }
    }

    /**
     * Customers' rows are locked in id order (two batches never wait on each other in a circle), and
     * each customer's changes are taken in version order, so that versions delivered out of order
     * within the batch are applied in order. A change whose predecessor is missing writes nothing and
     * waits, and so do its customer's later ones; the others commit without them.
     */
    @Override
    public List<Waiting> handleAll(List<ReceivedEvent> events, Transaction transaction) {
        List<CustomerDirectory.Entry> changes = new ArrayList<>(events.size());
        for (ReceivedEvent event : events) {
            CustomerDirectory.Entry change = change(event.id(), event.data());
            try (var traced = event.traced()) {
                logHandling(change, event.rawData());
            }
            changes.add(change);
        }
        return apply(transaction.handle(), changes);
    }

    private void logHandling(CustomerDirectory.Entry change, String rawPayload) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogFields.CUSTOMER_ID, change.id())) {
            log.info("Handling [{}] - Payload: '{}'", type(), rawPayload);
        }
    }

    private List<Waiting> apply(Handle handle, List<CustomerDirectory.Entry> changes) {
        List<CustomerDirectory.Entry> inOrder = changes.stream()
                .sorted(Comparator.comparing(CustomerDirectory.Entry::id)
                        .thenComparingLong(CustomerDirectory.Entry::version))
                .toList();
        Map<String, Long> versions = directory.lockedVersions(
                handle,
                inOrder.stream().map(CustomerDirectory.Entry::id).distinct().toList());
        List<CustomerDirectory.Entry> applied = new ArrayList<>();
        Map<String, CustomerDirectory.Entry> lastState = new LinkedHashMap<>();
        List<Waiting> waiting = new ArrayList<>();
        for (CustomerDirectory.Entry change : inOrder) {
            Long current = versions.get(change.id());
            if (current != null && current >= change.version()) {
                log.info(
                        "Customer {} is at version {} already; version {} skipped",
                        change.id(),
                        current,
                        change.version());
            } else if (current == null || current != change.version() - 1) {
                waiting.add(new Waiting(
                        change.messageId(),
                        "customer " + change.id() + " is at version " + (current == null ? "none" : current)
                                + ", this event is version " + change.version()));
            } else {
                versions.put(change.id(), change.version());
                applied.add(change);
                lastState.put(change.id(), change);
            }
        }
        directory.updated(handle, List.copyOf(lastState.values()), applied);
        return waiting;
    }

    private CustomerDirectory.Entry change(String messageId, JsonNode payload) {
        return new CustomerDirectory.Entry(
                Payloads.text(payload, type(), "id"),
                Payloads.text(payload, type(), "email"),
                Payloads.text(payload, type(), "name"),
                Payloads.positiveNumber(payload, type(), "version"),
                messageId);
    }
}
