package dev.outboxcdc.ctl.unrouted;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.outboxcdc.contract.events.EventRouting;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.OutboxCtl;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code outboxctl unrouted requeue [--type T]}: events the relay set aside, published again once a subscriber exists. */
@Command(
        name = "unrouted",
        mixinStandardHelpOptions = true,
        description = "Events the relay set aside because no queue was bound for them.")
public final class UnroutedCommand {
    @ParentCommand
    OutboxCtl root;

    @Command(
            name = "requeue",
            mixinStandardHelpOptions = true,
            description = {
                "Publishes set-aside events to the events exchange again, with their original routing key.",
                "One still unroutable (no queue bound yet) stays set aside; each leaves the set-aside queue only once",
                "the broker confirmed and routed its copy. Running it twice is safe."
            })
    int requeue(
            @Option(names = "--type", paramLabel = "T", description = "Only events of this type, e.g. CustomerUpdated")
                    String type,
            @Option(names = "--dry-run", description = "Only say what would be published") boolean dryRun)
            throws Exception {
        CtlConfig config = root.config();
        Map<String, Integer> published = new TreeMap<>();
        Map<String, Integer> stillUnroutable = new TreeMap<>();
        long depth;
        try (Broker broker = Broker.connect(config.amqp())) {
            depth = broker.depth(config.unroutedQueue()).orElse(0);
            try {
                for (GetResponse message : broker.take(config.unroutedQueue(), depth)) {
                    AMQP.BasicProperties properties = message.getProps();
                    if (type != null && !type.equals(properties.getType())) {
                        continue;
                    }
                    String routingKey = originalRoutingKey(properties);
                    if (dryRun) {
                        published.merge(routingKey, 1, Integer::sum);
                    } else if (broker.publishConfirmed(
                            config.exchange(), routingKey, withoutSetAsideHeader(properties), message.getBody())) {
                        broker.ack(message);
                        published.merge(routingKey, 1, Integer::sum);
                    } else {
                        stillUnroutable.merge(routingKey, 1, Integer::sum);
                    }
                }
            } finally {
                broker.releaseAll();
            }
        }
        int total = published.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(
                "%s %d of %d set-aside events to %s %s%n",
                dryRun ? "would publish" : "published", total, depth, config.exchange(), published);
        if (!stillUnroutable.isEmpty()) {
            System.out.println("still unroutable, left in " + config.unroutedQueue()
                    + " (bind a queue for them first): " + stillUnroutable);
            return 1;
        }
        return 0;
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
