package dev.outboxcdc.support.amqp;

import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.topology.BrokerNames;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import java.util.Optional;

/**
 * The broker names that the relay, the worker, outboxctl and the load tools must agree on, each
 * read from ONE variable: the event exchange ({@code EVENTS_EXCHANGE}), the queue the relay
 * sets unroutable events aside in ({@code RELAY_UNROUTED_QUEUE}) and the events' CloudEvents
 * {@code source} ({@code EVENT_SOURCE}). The subscriber's queue and binding
 * are {@link Subscription}'s. The exchange's former per-service names ({@code RELAY_EXCHANGE},
 * {@code WORKER_EXCHANGE}) are still read, with a warning; set to another exchange than the others
 * they stop the service at start-up, since two services on different exchanges never meet.
 */
public final class EventTopology {
    public static final String EXCHANGE_VARIABLE = BrokerVariables.EVENTS_EXCHANGE.name();
    public static final String DEFAULT_EXCHANGE = BrokerNames.EVENTS_EXCHANGE;
    public static final String UNROUTED_VARIABLE = BrokerVariables.RELAY_UNROUTED_QUEUE.name();
    public static final String DEFAULT_UNROUTED_QUEUE = BrokerNames.UNROUTED_QUEUE;
    /** {@code RELAY_UNROUTED_QUEUE} value that holds unroutable events back instead of moving them to the unrouted queue. */
    public static final String HOLD_UNROUTABLE = "none";
    /** The CloudEvents {@code source} of every event published ({@code urn:outbox-cdc:api} by default). */
    public static final String SOURCE_VARIABLE = BrokerVariables.EVENT_SOURCE.name();

    public static final String DEFAULT_SOURCE = CloudEventAttributes.DEFAULT_SOURCE;

    private EventTopology() {}

    /** The durable topic exchange every event is published to. */
    public static String exchange(Env env) {
        return env.get(BrokerVariables.EVENTS_EXCHANGE);
    }

    /** The unrouted queue, where the relay moves events no queue is bound for; empty when they are held back ({@code none}). */
    public static Optional<String> unroutedQueue(Env env) {
        return Optional.of(env.get(BrokerVariables.RELAY_UNROUTED_QUEUE))
                .filter(queue -> !queue.equals(HOLD_UNROUTABLE));
    }

    /** {@code EVENT_SOURCE}: a URI reference, as CloudEvents requires of {@code source}. */
    public static String source(Env env) {
        String source = env.get(BrokerVariables.EVENT_SOURCE);
        try {
            if (source.isEmpty() || new java.net.URI(source).toString().isEmpty()) {
                throw new java.net.URISyntaxException(source, "empty");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(SOURCE_VARIABLE + " must be a URI reference naming the events' producer, such"
                    + " as " + DEFAULT_SOURCE + " or https://example.com/customers; got '" + source + "'");
        }
        return source;
    }
}
