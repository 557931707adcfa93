package dev.outboxcdc.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.consumer.internal.BrokerSettings;
import dev.outboxcdc.consumer.internal.ConsumerSettings;
import dev.outboxcdc.consumer.internal.amqp.ConsumerMetrics;
import dev.outboxcdc.consumer.internal.amqp.ConsumerRunner;
import dev.outboxcdc.consumer.internal.amqp.QueueDepths;
import dev.outboxcdc.consumer.internal.amqp.SubscriberTopology;
import dev.outboxcdc.consumer.internal.receive.Handlers;
import dev.outboxcdc.consumer.internal.receive.IdempotentReceiver;
import dev.outboxcdc.consumer.internal.receive.ProcessedMessages;
import dev.outboxcdc.consumer.internal.receive.ProcessedMessagesRetention;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.contract.topology.BrokerNames;
import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import dev.outboxcdc.support.config.variables.WorkerVariables;
import dev.outboxcdc.support.db.DatabaseWritability;
import dev.outboxcdc.support.metrics.Readiness;
import dev.outboxcdc.support.retention.DedupRetention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;
import org.jspecify.annotations.Nullable;

/**
 * A running subscription: consumes its queue (or partitions) with manual acknowledgements, hands each
 * event to the handler registered for its type and schema version in a transaction of the service's
 * own database that also records the event's id (so a redelivered event has no second effect),
 * retries a failing one through delay queues, parks what can never be handled, and reconnects by
 * itself after a broker or database outage. {@link #close()} finishes the batches in hand.
 *
 * <pre>{@code
 * EventConsumer consumer = EventConsumer.builder(broker, Subscription.of("loyalty", "customer.*"), dataSource)
 *         .on("CustomerCreated", 1, (event, tx) -> ...)
 *         .start();
 * }</pre>
 */
public final class EventConsumer implements AutoCloseable {
    private static final Duration QUEUE_DEPTH_REFRESH = Duration.ofSeconds(15);
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(10);

    private final ConsumerRunner runner;
    private final ProcessedMessagesRetention retention;
    private final QueueDepths queueDepths;
    private final BrokerBlocking blocking;
    private final DatabaseWritability database;
    private final String queue;

    private EventConsumer(
            ConsumerRunner runner,
            ProcessedMessagesRetention retention,
            QueueDepths queueDepths,
            BrokerBlocking blocking,
            DatabaseWritability database,
            String queue) {
        this.runner = runner;
        this.retention = retention;
        this.queueDepths = queueDepths;
        this.blocking = blocking;
        this.database = database;
        this.queue = queue;
    }

    /**
     * A consumer of {@code subscription}'s events from {@code broker}, recording what it handled in
     * {@code dataSource}'s {@code processed_messages} ({@link ConsumerSchema}).
     */
    public static Builder builder(Broker broker, Subscription subscription, DataSource dataSource) {
        return new Builder(broker, subscription, dataSource);
    }

    /** True while connected with every queue consumed; false while (re)connecting. */
    public boolean consuming() {
        return runner.consuming();
    }

    /** Waits until the queues are declared and consumed (the first time); false if {@code timeout} passed first. */
    public boolean awaitConsuming(Duration timeout) throws InterruptedException {
        return runner.awaitConsuming(timeout);
    }

    /** For a readiness endpoint: consuming, not blocked by a broker alarm, its database taking writes. */
    public ConsumerHealth health() {
        Optional<Readiness> problem = blocking.readiness();
        if (problem.isEmpty() && !runner.consuming()) {
            problem = Optional.of(Readiness.down("DOWN", "not consuming: connecting to the broker"));
        }
        if (problem.isEmpty()) {
            problem = database.problem();
        }
        return problem.map(p -> new ConsumerHealth(false, p.status(), p.reason()))
                .orElseGet(() -> new ConsumerHealth(true, "UP", ""));
    }

    /** The queue the events arrive in (with partitions, the first name of each is {@code <queue>.p<i>}). */
    public String queue() {
        return queue;
    }

    /** Stops consuming, finishes the batches in hand (committed and acknowledged), and returns. */
    @Override
    public void close() {
        runner.close();
        retention.close();
        queueDepths.close();
    }

    /**
     * How a consumer is made: handlers first ({@link #on}), then what differs from the defaults, then
     * {@link #start()}. The defaults are those of the worker's variables (docs/CONFIGURATION.md).
     */
    public static final class Builder {
        private final Broker broker;
        private final Subscription subscription;
        private final DataSource dataSource;
        private final Handlers handlers = new Handlers();
        private String exchange = BrokerNames.EVENTS_EXCHANGE;
        private String service;
        private String consumerName;
        private int consumers =
                WorkerVariables.WORKER_CONCURRENCY.defaultValue().orElseThrow();
        private int prefetch = WorkerVariables.WORKER_PREFETCH.defaultValue().orElseThrow();
        private int batchSize = WorkerVariables.WORKER_BATCH_SIZE.defaultValue().orElseThrow();
        private Duration batchWait =
                WorkerVariables.WORKER_BATCH_WAIT_MS.defaultValue().orElseThrow();
        private Duration batchLinger =
                WorkerVariables.WORKER_BATCH_LINGER_MS.defaultValue().orElseThrow();
        private int maxAttempts =
                WorkerVariables.WORKER_MAX_ATTEMPTS.defaultValue().orElseThrow();
        private int maxWaits = WorkerVariables.WORKER_MAX_WAITS.defaultValue().orElseThrow();
        private List<Duration> retryDelays =
                BrokerVariables.WORKER_RETRY_DELAYS_MS.defaultValue().orElseThrow();
        private Duration retention = DedupRetention.DEFAULT;
        private MeterRegistry metrics = new SimpleMeterRegistry();
        private @Nullable Tracer tracer; // the global one, looked up at start: a service may register its SDK first
        private Clock clock = Clock.systemUTC();
        private EventSchemas schemas = EventSchemas.load();

        private Builder(Broker broker, Subscription subscription, DataSource dataSource) {
            this.broker = broker;
            this.subscription = subscription;
            this.dataSource = dataSource;
            this.service = subscription.name();
            this.consumerName = subscription.name();
        }

        /**
         * {@code handler} takes the events of {@code type} in schema version {@code version}; one handler
         * may be registered for several versions (it then gets their events together).
         *
         * @throws IllegalArgumentException a handler for this type and version is registered already
         */
        public Builder on(String type, int version, EventHandler handler) {
            handlers.add(type, version, handler);
            return this;
        }

        /** The topic exchange the events are published to (default {@code outbox.events}). */
        public Builder exchange(String exchange) {
            this.exchange = exchange;
            return this;
        }

        /** The name the consumer's logs, metrics tags and broker connections carry (default: the subscription's). */
        public Builder serviceName(String service) {
            this.service = service;
            return this;
        }

        /**
         * The name its processed-message records carry (default: the subscription's). Change it only
         * with the records: under another name every event counts as new.
         */
        public Builder consumerName(String consumerName) {
            this.consumerName = consumerName;
            return this;
        }

        /** {@code consumers} channels, each with up to {@code prefetch} unacknowledged deliveries. */
        public Builder consumers(int consumers, int prefetch) {
            this.consumers = consumers;
            this.prefetch = prefetch;
            return this;
        }

        /**
         * Up to {@code size} deliveries per transaction; a batch waits up to {@code wait} for its next
         * delivery, and up to {@code linger} in all from its first.
         */
        public Builder batches(int size, Duration wait, Duration linger) {
            this.batchSize = size;
            this.batchWait = wait;
            this.batchLinger = linger;
            return this;
        }

        /**
         * A failing event is tried {@code maxAttempts} times, waiting {@code delays} between attempts
         * (the last delay repeating), then parked.
         */
        public Builder retries(int maxAttempts, List<Duration> delays) {
            this.maxAttempts = maxAttempts;
            this.retryDelays = List.copyOf(delays);
            return this;
        }

        /** How often an event waits for its predecessor (the first retry delay each time) before it is parked. */
        public Builder maxWaits(int maxWaits) {
            this.maxWaits = maxWaits;
            return this;
        }

        /** Processed-message records older than this are deleted; it must outlast any re-publication. */
        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        /** Where the consumer's metrics go (default: a registry of its own nobody reads). */
        public Builder meterRegistry(MeterRegistry registry) {
            this.metrics = registry;
            return this;
        }

        /** The tracer of the consumer spans (default: the global OpenTelemetry's, a no-op without an SDK). */
        public Builder tracer(Tracer tracer) {
            this.tracer = tracer;
            return this;
        }

        /** The clock of batch timing, event ages and alarm durations (default: UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Declares the queues, then consumes on threads of its own until {@link EventConsumer#close()}.
         * A broker or database that does not answer yet is waited for, not an error.
         *
         * @throws IllegalArgumentException a setting out of bounds, no handler, or a handler for a
         *     schema version the contract does not have; the message says which
         * @throws RuntimeException the broker refused the queues (one exists with other settings, the
         *     user may not declare them); the message says which and what to do
         */
        public EventConsumer start() {
            ConsumerSettings settings = settings();
            SubscriberTopology topology = new SubscriberTopology(settings);
            settings.amqp().declareAtStartup(topology::declare);
            Jdbi jdbi = Jdbi.create(dataSource).setTransactionHandler(LocalTransactionHandler.managed());
            ProcessedMessages processed = new ProcessedMessages(consumerName);
            IdempotentReceiver receiver = new IdempotentReceiver(
                    jdbi,
                    processed,
                    handlers,
                    schemas,
                    new ObjectMapper(),
                    tracer != null ? tracer : GlobalOpenTelemetry.getTracer("outbox-cdc-consumer"));
            BrokerBlocking blocking = new BrokerBlocking(service, metrics, clock);
            ConsumerRunner runner = new ConsumerRunner(
                    settings, receiver, new ConsumerMetrics(metrics, consumerName, clock), blocking, clock);
            DatabaseWritability database = new DatabaseWritability(service, jdbi, metrics);
            ProcessedMessagesRetention retention = new ProcessedMessagesRetention(jdbi, processed, this.retention);
            QueueDepths queueDepths = new QueueDepths(settings.amqp(), topology, consumerName, metrics);
            runner.start();
            retention.start(RETENTION_EVERY);
            queueDepths.start(QUEUE_DEPTH_REFRESH);
            return new EventConsumer(runner, retention, queueDepths, blocking, database, topology.workQueue());
        }

        private ConsumerSettings settings() {
            if (handlers.isEmpty()) {
                throw new IllegalArgumentException("consumer " + subscription.name() + " has no handler");
            }
            handlers.checkAgainst(schemas);
            requireAtLeast("consumers", consumers, 1);
            requireAtLeast("prefetch", prefetch, 1);
            requireAtLeast("batch size", batchSize, 1);
            requireAtLeast("max attempts", maxAttempts, 1);
            requireAtLeast("max waits", maxWaits, 1);
            if (retryDelays.isEmpty() || retryDelays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException(
                        "consumer " + subscription.name() + ": retry delays must be positive, at least one");
            }
            if (batchWait.isNegative() || batchLinger.isNegative()) {
                throw new IllegalArgumentException(
                        "consumer " + subscription.name() + ": batch waits must not be negative");
            }
            return new ConsumerSettings(
                    service,
                    BrokerSettings.of(broker),
                    exchange,
                    new dev.outboxcdc.support.amqp.Subscription(
                            subscription.name(), subscription.bindingKey(), subscription.partitions()),
                    consumerName,
                    prefetch,
                    consumers,
                    batchSize,
                    batchWait,
                    batchLinger,
                    maxAttempts,
                    maxWaits,
                    retryDelays,
                    retention);
        }

        private void requireAtLeast(String what, int value, int least) {
            if (value < least) {
                throw new IllegalArgumentException("consumer " + subscription.name() + ": " + what
                        + " must be at least " + least + ", not " + value);
            }
        }
    }
}
