package dev.outboxcdc.ctl.parked;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.outboxcdc.contract.events.MessageHeaders;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.OutboxCtl;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code outboxctl parked list | show <id> | requeue <id>... | requeue --all}: the worker's parking lot. */
@Command(
        name = "parked",
        mixinStandardHelpOptions = true,
        description = "The worker's parked messages: list, show, requeue.")
public final class ParkedCommand {
    @ParentCommand
    OutboxCtl root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists parked messages (they stay parked).")
    int list(
            @Option(
                            names = "--limit",
                            defaultValue = "100",
                            description = "At most this many (default: ${DEFAULT-VALUE})")
                    int limit)
            throws Exception {
        CtlConfig config = root.config();
        try (Broker broker = Broker.connect(config.amqp())) {
            long depth = broker.depth(config.parkingLot()).orElse(0);
            List<GetResponse> parked = broker.take(config.parkingLot(), Math.min(limit, depth));
            System.out.printf(
                    "%d parked in %s%s%n",
                    depth, config.parkingLot(), parked.size() < depth ? ", first " + parked.size() : "");
            for (GetResponse message : parked) {
                AMQP.BasicProperties properties = message.getProps();
                System.out.printf(
                        "  %s  %s  attempt %s  waits %s  %s%n",
                        properties.getMessageId(),
                        properties.getType(),
                        header(properties, MessageHeaders.ATTEMPT),
                        header(properties, MessageHeaders.WAITS),
                        abbreviate(header(properties, MessageHeaders.LAST_ERROR), 120));
            }
            broker.releaseAll();
        }
        return 0;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Shows one parked message: properties, headers, body.")
    int show(@Parameters(paramLabel = "<id>", description = "The message id (the outbox row's id)") String id)
            throws Exception {
        CtlConfig config = root.config();
        try (Broker broker = Broker.connect(config.amqp())) {
            List<GetResponse> parked = broker.take(
                    config.parkingLot(), broker.depth(config.parkingLot()).orElse(0));
            try {
                for (GetResponse message : parked) {
                    if (id.equals(message.getProps().getMessageId())) {
                        AMQP.BasicProperties properties = message.getProps();
                        System.out.println("message id: " + properties.getMessageId());
                        System.out.println("type:       " + properties.getType());
                        System.out.println(
                                "routed as:  " + message.getEnvelope().getRoutingKey());
                        System.out.println("headers:    " + properties.getHeaders());
                        System.out.println("body:       " + new String(message.getBody(), StandardCharsets.UTF_8));
                        return 0;
                    }
                }
            } finally {
                broker.releaseAll();
            }
        }
        System.out.println("no message " + id + " in " + config.parkingLot() + " (requeued already, or never parked)");
        return 1;
    }

    /** Which parked messages to requeue: some ids, or all. */
    static final class Selection {
        @Parameters(paramLabel = "<id>", arity = "1..*", description = "Message ids to requeue")
        List<String> ids;

        @Option(names = "--all", required = true, description = "Every message parked when the command starts")
        boolean all;
    }

    @Command(
            name = "requeue",
            mixinStandardHelpOptions = true,
            description = {
                "Moves parked messages back to the work queue with their properties and headers, attempt count reset.",
                "Each one leaves the parking lot only once the broker confirmed its copy; running it twice is safe."
            })
    int requeue(
            @ArgGroup(multiplicity = "1") Selection selection,
            @Option(names = "--dry-run", description = "Only say what would be requeued") boolean dryRun)
            throws Exception {
        CtlConfig config = root.config();
        Set<String> wanted = selection.all ? Set.of() : new LinkedHashSet<>(selection.ids);
        Set<String> found = new LinkedHashSet<>();
        int requeued = 0;
        try (Broker broker = Broker.connect(config.amqp())) {
            long depth = broker.depth(config.parkingLot()).orElse(0);
            try {
                for (GetResponse message : broker.take(config.parkingLot(), depth)) {
                    String id = message.getProps().getMessageId();
                    if (!selection.all && !wanted.contains(id)) {
                        continue;
                    }
                    found.add(id);
                    if (dryRun) {
                        System.out.println("would requeue " + id + " ("
                                + message.getProps().getType() + ")");
                        continue;
                    }
                    if (!broker.publishConfirmed(
                            config.subscriber().requeueExchange(),
                            config.subscriber().requeueRoutingKey(),
                            withAttemptsReset(message.getProps()),
                            message.getBody())) {
                        System.err.println("the work queue " + config.workQueue()
                                + " does not exist (the broker returned the copy):"
                                + " the messages not requeued yet stay parked; start the worker, which declares it");
                        return 1;
                    }
                    broker.ack(message);
                    requeued++;
                    System.out.println(
                            "requeued " + id + " (" + message.getProps().getType() + ")");
                }
            } finally {
                broker.releaseAll();
            }
            System.out.printf(
                    "%s %d of %d parked messages to %s%n",
                    dryRun ? "would requeue" : "requeued", dryRun ? found.size() : requeued, depth, config.workQueue());
        }
        wanted.stream()
                .filter(id -> !found.contains(id))
                .forEach(id -> System.out.println(
                        "not in " + config.parkingLot() + ": " + id + " (requeued already, or never parked)"));
        return 0;
    }

    /** The parked message's properties without the worker's retry bookkeeping: the worker starts over at attempt 1. */
    static AMQP.BasicProperties withAttemptsReset(AMQP.BasicProperties properties) {
        Map<String, Object> headers =
                new HashMap<>(properties.getHeaders() == null ? Map.of() : properties.getHeaders());
        headers.remove(MessageHeaders.ATTEMPT);
        headers.remove(MessageHeaders.WAITS);
        headers.remove(MessageHeaders.LAST_ERROR);
        return properties.builder().headers(headers).build();
    }

    private static String header(AMQP.BasicProperties properties, String name) {
        Object value =
                properties.getHeaders() == null ? null : properties.getHeaders().get(name);
        return value == null ? "-" : value.toString();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
