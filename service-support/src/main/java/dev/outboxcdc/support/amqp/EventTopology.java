package dev.outboxcdc.support.amqp;

import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker names that the relay, the worker, outboxctl and the load tools must agree on, each
 * read from ONE variable: the event exchange ({@value #EXCHANGE_VARIABLE}), the queue the relay
 * sets unroutable events aside in ({@value #UNROUTED_VARIABLE}) and the events' CloudEvents
 * {@code source} ({@value #SOURCE_VARIABLE}). The subscriber's queue and binding
 * are {@link Subscription}'s. The exchange's former per-service names ({@code RELAY_EXCHANGE},
 * {@code WORKER_EXCHANGE}) are still read, with a warning; set to another exchange than the others
 * they stop the service at start-up, since two services on different exchanges never meet.
 */
public final class EventTopology {
    public static final String EXCHANGE_VARIABLE = "EVENTS_EXCHANGE";
    public static final String DEFAULT_EXCHANGE = "outbox.events";
    public static final String UNROUTED_VARIABLE = "RELAY_UNROUTABLE_QUEUE";
    public static final String DEFAULT_UNROUTED_QUEUE = "outbox.unrouted";
    /** {@value #UNROUTED_VARIABLE} value that holds unroutable events back instead of setting them aside. */
    public static final String HOLD_UNROUTABLE = "none";
    /** The CloudEvents {@code source} of every event published ({@value #DEFAULT_SOURCE} by default). */
    public static final String SOURCE_VARIABLE = "EVENT_SOURCE";

    public static final String DEFAULT_SOURCE = CloudEventAttributes.DEFAULT_SOURCE;

    static final List<String> FORMER_EXCHANGE_VARIABLES = List.of("RELAY_EXCHANGE", "WORKER_EXCHANGE");
    private static final Logger log = LoggerFactory.getLogger(EventTopology.class);

    private EventTopology() {}

    /** The durable topic exchange every event is published to. */
    public static String exchange(Env env) {
        Map<String, String> set = new LinkedHashMap<>();
        for (String variable : concat(EXCHANGE_VARIABLE, FORMER_EXCHANGE_VARIABLES)) {
            String value = env.string(variable, "");
            if (!value.isEmpty()) {
                set.put(variable, value);
            }
        }
        if (set.values().stream().distinct().count() > 1) {
            throw new ConfigException("The event exchange is set twice, to different exchanges: " + set
                    + ". Set " + EXCHANGE_VARIABLE + " only (" + String.join(" and ", FORMER_EXCHANGE_VARIABLES)
                    + " are its former names): every service must publish and consume on the same exchange");
        }
        set.keySet().stream()
                .filter(FORMER_EXCHANGE_VARIABLES::contains)
                .forEach(former -> log.warn(
                        "{} is the former name of {}; set {} instead", former, EXCHANGE_VARIABLE, EXCHANGE_VARIABLE));
        return set.values().stream().findFirst().orElse(DEFAULT_EXCHANGE);
    }

    /** Where the relay sets unroutable events aside; empty when they are held back ({@value #HOLD_UNROUTABLE}). */
    public static Optional<String> unroutedQueue(Env env) {
        return Optional.of(env.string(UNROUTED_VARIABLE, DEFAULT_UNROUTED_QUEUE))
                .filter(queue -> !queue.equals(HOLD_UNROUTABLE));
    }

    /** {@value #SOURCE_VARIABLE}: a URI reference, as CloudEvents requires of {@code source}. */
    public static String source(Env env) {
        String source = env.string(SOURCE_VARIABLE, DEFAULT_SOURCE).strip();
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

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream())
                .toList();
    }
}
