package dev.outboxcdc.contract.events;

/**
 * The routing rule of every event: the relay publishes an outbox row with the routing key
 * {@code <aggregatetype>.<type>} on the event exchange; a subscriber binds {@code <aggregatetype>.#}
 * for all events of an aggregate, or a full key for one type.
 */
public final class EventRouting {
    private EventRouting() {}

    public static String routingKey(String aggregateType, String type) {
        return aggregateType + "." + type;
    }

    /** The binding of a subscriber to every event of one aggregate type. */
    public static String allOf(String aggregateType) {
        return aggregateType + ".#";
    }
}
