package dev.outboxcdc.contract.topology;

import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.events.EventRouting;

/**
 * The broker names every party meets at unless configured otherwise: the defaults of {@code
 * EVENTS_EXCHANGE}, {@code RELAY_UNROUTED_QUEUE}, {@code WORKER_QUEUE} and {@code
 * WORKER_BINDING_KEY} (docs/CONFIGURATION.md). A subscriber's own queues are named after its queue
 * ({@link SubscriberQueues}).
 */
public final class BrokerNames {
    /** The durable topic exchange every event is published to, with its routing key ({@link EventRouting}). */
    public static final String EVENTS_EXCHANGE = "outbox.events";
    /** Where the relay moves an event no queue is bound for, instead of letting the broker drop it. */
    public static final String UNROUTED_QUEUE = "outbox.unrouted";
    /** The queue of the customer events' subscriber this project ships, the worker. */
    public static final String CUSTOMER_WORKER_QUEUE = "worker.customer-events";
    /** What the worker's queue is bound with: every event of the customer aggregate. */
    public static final String CUSTOMER_WORKER_BINDING_KEY = EventRouting.allOf(CustomerEvents.AGGREGATE_TYPE);

    private BrokerNames() {}
}
