package dev.outboxcdc.consumer;

import java.util.List;

/**
 * Handles the events of the type and schema version it is registered for
 * ({@link EventConsumer.Builder#on}). Its effect goes through the {@link Transaction}, which also
 * records the event as processed, so the effect commits exactly once however often the event is
 * delivered. What it throws decides what happens to the event:
 * <ul>
 *   <li>nothing: the effect and the record commit, the delivery is acknowledged;</li>
 *   <li>{@link PredecessorMissingException}: the event waits and comes back, no attempt spent;</li>
 *   <li>{@link InvalidEventException}: the event is parked at once;</li>
 *   <li>any other exception: the event is retried after the next delay, and parked when its
 *       attempts are spent.</li>
 * </ul>
 * In each case nothing the handler wrote for that event commits. Implementations are thread-safe.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(ReceivedEvent event, Transaction transaction);

    /**
     * Several events of the registration in one transaction, in delivery order. Override it to write
     * them with fewer statements (a multi-row insert is one round trip instead of one per event).
     *
     * @return the events that must wait for a predecessor, having written nothing: they are held and
     *         the others commit without them
     */
    default List<Waiting> handleAll(List<ReceivedEvent> events, Transaction transaction) {
        for (ReceivedEvent event : events) {
            handle(event, transaction);
        }
        return List.of();
    }

    /** An event of a batch that waits for its predecessor, and why. */
    record Waiting(String eventId, String reason) {}
}
