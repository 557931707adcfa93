package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.contract.events.CloudEventAttributes;
import dev.outboxcdc.contract.topology.BrokerNames;
import dev.outboxcdc.support.amqp.QueueType;
import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Setting;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The broker and the event topology every service shares: where RabbitMQ is, the exchange, the subscriber's queues. */
public final class BrokerVariables {
    /** The most partitions a subscriber may have. */
    public static final int MAX_WORKER_PARTITIONS = 256;

    public static final Setting<String> AMQP_URI = Setting.secret("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/%2F")
            .readBy(Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("RabbitMQ; `amqps://` connects with TLS, checking the broker's certificate (against "
                    + "`AMQP_TLS_CA_FILE`, or the JVM trust store) and host name");

    public static final Setting<String> AMQP_TLS_CA_FILE = Setting.optionalText("AMQP_TLS_CA_FILE")
            .readBy(Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("the CA that signed the broker's certificate, a PEM file; needs `amqps://` in `AMQP_URI`."
                    + " Checked at start as `DB_TLS_CA_FILE` is")
            .withDefaultText("(none: the JVM trust store)");

    public static final Setting<String> AMQP_ADDRESSES = Setting.text("AMQP_ADDRESSES", "")
            .readBy(Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("a cluster's nodes, `host:port,host:port,…` (a host without port: 5672, 5671 under "
                    + "`amqps`); user, password, virtual host and TLS still come from `AMQP_URI`. Each "
                    + "connection goes to the first node that answers, from a random one on, and logs the nodes"
                    + " that did not; a service that loses its connection reconnects to another")
            .withDefaultText("(the URI's host and port)");

    public static final Setting<QueueType> QUEUE_TYPE = Setting.choice("QUEUE_TYPE", QueueType.QUORUM)
            .readBy(Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("type of every durable queue they declare (work queue or partitions, delay queues, "
                    + "parking lot, unrouted queue): `quorum` (replicated to a majority of the cluster's nodes"
                    + " before the broker confirms) or `classic` (one node; the setups of earlier versions). A "
                    + "queue that exists with the other type stops the service at start, naming it and the "
                    + "`rabbitmqctl` command ([OPERATIONS.md](OPERATIONS.md#upgrading))");

    public static final Setting<String> EVENTS_EXCHANGE = Setting.text("EVENTS_EXCHANGE", BrokerNames.EVENTS_EXCHANGE)
            .readBy(Component.RELAY, Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("the durable topic exchange of the events (routing key `<aggregatetype>.<type>`): the "
                    + "relay publishes to it, the worker's queue is bound to it. One variable for every service")
            .withFormerNames("RELAY_EXCHANGE", "WORKER_EXCHANGE");

    public static final Setting<String> EVENT_SOURCE = Setting.text("EVENT_SOURCE", CloudEventAttributes.DEFAULT_SOURCE)
            .readBy(Component.RELAY, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("the CloudEvents `source` (`cloudEvents:source`) of every event published or republished:"
                    + " a URI reference naming the producer whose outbox it is, e.g. "
                    + "`https://example.com/customers`; anything else stops the service at start-up "
                    + "([EVENTS.md](EVENTS.md))");

    public static final Setting<String> WORKER_QUEUE = Setting.text("WORKER_QUEUE", BrokerNames.CUSTOMER_WORKER_QUEUE)
            .readBy(Component.WORKER, Component.RELAY, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("its durable queue; retry queues, the parking lot and the copies exchange "
                    + "(`<queue>.copies`, through which retries, parked messages and requeues go) are named "
                    + "after it");

    public static final Setting<String> WORKER_BINDING_KEY = Setting.text(
                    "WORKER_BINDING_KEY", BrokerNames.CUSTOMER_WORKER_BINDING_KEY)
            .readBy(Component.WORKER, Component.RELAY)
            .withDoc("binding of its queue");

    public static final Setting<Integer> WORKER_PARTITIONS = Setting.integer(
                    "WORKER_PARTITIONS", 1, 1, MAX_WORKER_PARTITIONS)
            .readBy(Component.WORKER, Component.RELAY, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("1 to 256. Above 1, the events arrive in that many queues `<WORKER_QUEUE>.p0…` with a "
                    + "single active consumer each, behind a consistent-hash exchange "
                    + "`<WORKER_QUEUE>.partitions` on the `aggregate_id` header: one customer's events in one "
                    + "partition, in order, partitions consumed in parallel (each of the `WORKER_CONCURRENCY` "
                    + "consumers takes its share). Needs the broker plugin `rabbitmq_consistent_hash_exchange` "
                    + "(shipped with RabbitMQ; `make infras` enables it). It can be changed by a restart: what "
                    + "the earlier value left is consumed, then deleted ([SCALING.md](SCALING.md#partitions))");

    public static final Setting<List<Duration>> WORKER_RETRY_DELAYS_MS = Setting.parsed(
                    "WORKER_RETRY_DELAYS_MS",
                    "positive milliseconds separated by commas, e.g. 1000,5000,30000",
                    List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                    BrokerVariables::retryDelays)
            .withDefaultText("1000,5000,30000")
            .readBy(Component.WORKER, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("delay before each retry (the last repeats)");

    public static final Setting<String> RELAY_UNROUTED_QUEUE = Setting.text(
                    "RELAY_UNROUTED_QUEUE", BrokerNames.UNROUTED_QUEUE)
            .readBy(Component.RELAY, Component.OUTBOXCTL, Component.CONSOLE)
            .withDoc("the unrouted queue: an event no queue is bound for (returned by the broker) is published"
                    + " to it with its routing key in `x-original-routing-key`, confirmed, and logged with a count"
                    + " (`… moved to the unrouted queue …`), so an event type without subscribers never stalls"
                    + " the relay; `outboxctl unrouted requeue` and the console publish them again. `none`: hold"
                    + " such an event back and retry until a queue is bound (its offset waits)")
            .withFormerNames("RELAY_UNROUTABLE_QUEUE");

    /** In the order docs/CONFIGURATION.md lists them. */
    static final List<Setting<?>> ALL = List.of(
            AMQP_URI,
            AMQP_TLS_CA_FILE,
            AMQP_ADDRESSES,
            QUEUE_TYPE,
            EVENTS_EXCHANGE,
            EVENT_SOURCE,
            WORKER_QUEUE,
            WORKER_BINDING_KEY,
            WORKER_PARTITIONS,
            WORKER_RETRY_DELAYS_MS,
            RELAY_UNROUTED_QUEUE);

    private BrokerVariables() {}

    private static List<Duration> retryDelays(String raw) {
        List<Duration> delays = Arrays.stream(raw.split(","))
                .map(String::strip)
                .map(value -> Duration.ofMillis(Long.parseLong(value)))
                .toList();
        if (delays.stream().anyMatch(delay -> delay.isNegative() || delay.isZero())) {
            throw new IllegalArgumentException();
        }
        return delays;
    }
}
