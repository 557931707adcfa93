package dev.outboxcdc.ctl.unrouted;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.outboxcdc.contract.events.EventRouting;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The events the relay moved to the unrouted queue ({@code RELAY_UNROUTED_QUEUE}) because no queue was bound for
 * them, for outboxctl and its console: listed (they stay), or published to the events exchange
 * again with their original routing key, each leaving the unrouted queue only once the broker
 * confirmed and routed its copy. No consumer had them, so no replay guard applies.
 */
public final class UnroutedEvents {
    private final CtlConfig config;
    private final Broker broker;

    public UnroutedEvents(CtlConfig config, Broker broker) {
        this.config = config;
        this.broker = broker;
    }

    /** A unrouted event: its id, type and the routing key that found no queue. */
    public record SetAside(String id, String type, String routingKey) {}

    /** How many are in the unrouted queue, and the first {@code limit}. */
    public record Listing(long depth, List<SetAside> first) {}

    /** What a requeue published (or would), and what is still unroutable, by routing key. */
    public record Requeue(long depth, Map<String, Integer> published, Map<String, Integer> stillUnroutable) {
        public int publishedCount() {
            return published.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public String queue() {
        return config.unroutedQueue();
    }

    public Listing list(int limit) throws IOException {
        long depth = broker.depth(queue()).orElse(0);
        List<SetAside> first = new ArrayList<>();
        try {
            for (GetResponse message : broker.take(queue(), Math.min(limit, depth))) {
                first.add(new SetAside(
                        message.getProps().getMessageId(),
                        message.getProps().getType(),
                        originalRoutingKey(message.getProps())));
            }
        } finally {
            broker.releaseAll();
        }
        return new Listing(depth, first);
    }

    /** Publishes the unrouted events (of {@code type}, if given) again; a dry run only counts them. */
    public Requeue requeue(Optional<String> type, boolean dryRun) throws IOException, InterruptedException {
        Map<String, Integer> published = new TreeMap<>();
        Map<String, Integer> stillUnroutable = new TreeMap<>();
        long depth = 0;
        try {
            for (Optional<GetResponse> next = broker.next(queue()); next.isPresent(); next = broker.next(queue())) {
                depth++;
                AMQP.BasicProperties properties = next.get().getProps();
                if (type.isPresent() && !type.get().equals(properties.getType())) {
                    continue;
                }
                String routingKey = originalRoutingKey(properties);
                if (dryRun) {
                    published.merge(routingKey, 1, Integer::sum);
                } else if (broker.publishConfirmed(
                        config.exchange(),
                        routingKey,
                        withoutSetAsideHeader(properties),
                        next.get().getBody())) {
                    broker.ack(next.get());
                    published.merge(routingKey, 1, Integer::sum);
                } else {
                    stillUnroutable.merge(routingKey, 1, Integer::sum);
                }
            }
        } finally {
            broker.releaseAll();
        }
        return new Requeue(depth, published, stillUnroutable);
    }

    private static String originalRoutingKey(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        Object original = headers.get(MessageHeaders.ORIGINAL_ROUTING_KEY);
        return original != null
                ? original.toString()
                : EventRouting.routingKey(
                        String.valueOf(headers.get(MessageHeaders.AGGREGATE_TYPE)), properties.getType());
    }

    private static AMQP.BasicProperties withoutSetAsideHeader(AMQP.BasicProperties properties) {
        Map<String, Object> headers =
                new HashMap<>(properties.getHeaders() == null ? Map.of() : properties.getHeaders());
        headers.remove(MessageHeaders.ORIGINAL_ROUTING_KEY);
        return properties.builder().headers(headers).build();
    }
}
