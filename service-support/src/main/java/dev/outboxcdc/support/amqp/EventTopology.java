package dev.outboxcdc.support.amqp;

import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.Setting;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker names that the relay, the worker, outboxctl and the load tools must agree on, each
 * read from ONE variable: the event exchange ({@code EVENTS_EXCHANGE}), the queue the relay
 * sets unroutable events aside in ({@code RELAY_UNROUTABLE_QUEUE}) and the events' CloudEvents
 * {@code source} ({@code EVENT_SOURCE}). The subscriber's queue and binding
 * are {@link Subscription}'s. The exchange's former per-service names ({@code RELAY_EXCHANGE},
 * {@code WORKER_EXCHANGE}) are still read, with a warning; set to another exchange than the others
 * they stop the service at start-up, since two services on different exchanges never meet.
 */
public final class EventTopology {
    public static final String EXCHANGE_VARIABLE = BrokerVariables.EVENTS_EXCHANGE.name();
    public static final String DEFAULT_EXCHANGE =
            BrokerVariables.EVENTS_EXCHANGE.defaultValue().orElseThrow();
    public static final String UNROUTED_VARIABLE = BrokerVariables.RELAY_UNROUTABLE_QUEUE.name();
    public static final String DEFAULT_UNROUTED_QUEUE =
            BrokerVariables.RELAY_UNROUTABLE_QUEUE.defaultValue().orElseThrow();
    /** {@code RELAY_UNROUTABLE_QUEUE} value that holds unroutable events back instead of setting them aside. */
    public static final String HOLD_UNROUTABLE = "none";
    /** The CloudEvents {@code source} of every event published ({@code urn:outbox-cdc:api} by default). */
    public static final String SOURCE_VARIABLE = BrokerVariables.EVENT_SOURCE.name();

    public static final String DEFAULT_SOURCE = CloudEventAttributes.DEFAULT_SOURCE;

    static final List<Setting<String>> FORMER_EXCHANGE_VARIABLES =
            List.of(BrokerVariables.RELAY_EXCHANGE, BrokerVariables.WORKER_EXCHANGE);
    private static final Logger log = LoggerFactory.getLogger(EventTopology.class);

    private EventTopology() {}

    /** The durable topic exchange every event is published to. */
    public static String exchange(Env env) {
        Map<String, String> set = new LinkedHashMap<>();
        env.find(BrokerVariables.EVENTS_EXCHANGE).ifPresent(value -> set.put(EXCHANGE_VARIABLE, value));
        for (Setting<String> former : FORMER_EXCHANGE_VARIABLES) {
            env.find(former).ifPresent(value -> {
                set.put(former.name(), value);
                log.warn("{} is the former name of {}; set {} instead", former, EXCHANGE_VARIABLE, EXCHANGE_VARIABLE);
            });
        }
        if (set.values().stream().distinct().count() > 1) {
            throw new ConfigException("The event exchange is set twice, to different exchanges: " + set
                    + ". Set " + EXCHANGE_VARIABLE + " only ("
                    + FORMER_EXCHANGE_VARIABLES.stream().map(Setting::name).collect(Collectors.joining(" and "))
                    + " are its former names): every service must publish and consume on the same exchange");
        }
        return set.values().stream().findFirst().orElse(DEFAULT_EXCHANGE);
    }

    /** Where the relay sets unroutable events aside; empty when they are held back ({@value #HOLD_UNROUTABLE}). */
    public static Optional<String> unroutedQueue(Env env) {
        return Optional.of(env.get(BrokerVariables.RELAY_UNROUTABLE_QUEUE))
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
