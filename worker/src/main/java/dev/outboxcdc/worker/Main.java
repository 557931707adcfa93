package dev.outboxcdc.worker;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.consumer.Broker;
import dev.outboxcdc.consumer.ConsumerHealth;
import dev.outboxcdc.consumer.ConsumerSchema;
import dev.outboxcdc.consumer.EventConsumer;
import dev.outboxcdc.consumer.Subscription;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.QueueType;
import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.WorkerVariables;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.SchemaMigrations;
import dev.outboxcdc.support.db.SchemaMigrations.Location;
import dev.outboxcdc.support.db.TransactionalDatabase;
import dev.outboxcdc.support.errors.ErrorMessages;
import dev.outboxcdc.support.lifecycle.ServiceMain;
import dev.outboxcdc.support.lifecycle.StartupTime;
import dev.outboxcdc.support.metrics.AdminServer;
import dev.outboxcdc.support.metrics.Readiness;
import dev.outboxcdc.support.metrics.ServiceMetrics;
import dev.outboxcdc.support.tracing.Tracing;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import dev.outboxcdc.worker.handler.CustomerUpdatedHandler;
import dev.outboxcdc.worker.handler.MessageHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the worker by hand and runs it until SIGTERM/SIGINT; exits 0 after a clean stop. The
 * consuming is the consumer library's ({@link EventConsumer}); the worker adds its settings, its
 * database pool and migrations, its admin port, and its customer handlers.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        ServiceMain.run(
                "worker",
                env -> start(
                        WorkerConfig.fromEnv(env),
                        List.of(new CustomerCreatedHandler(), new CustomerUpdatedHandler())));
    }

    /** Starts the worker; closing it stops consuming, finishes in-flight batches, then closes the pool. */
    public static RunningWorker start(WorkerConfig config, List<MessageHandler> handlers) {
        Tracer tracer = Tracing.create("outbox-cdc-worker").getTracer("outbox-cdc-worker");
        DatabaseFlavor flavor = config.database().resolveFlavor();
        PrometheusMeterRegistry metrics = ServiceMetrics.create("worker", Env.system());
        HikariDataSource pool = TransactionalDatabase.pool(
                config.database(), flavor, "worker", config.concurrency() + 2, Duration.ofSeconds(30));
        try {
            pool.setMetricRegistry(metrics);
            // The library's table (processed_messages) was the worker's own before the library: its
            // location creates it only where the worker's V1 has not.
            SchemaMigrations.apply(
                    config.schemaOwner(),
                    flavor,
                    "worker",
                    List.of(
                            Location.of("classpath:db/worker", "worker_schema_history"),
                            Location.of(ConsumerSchema.FLYWAY_LOCATION, ConsumerSchema.FLYWAY_HISTORY_TABLE)));
            EventConsumer consumer = consumer(config, handlers, pool, metrics, tracer);
            AdminServer admin = AdminServer.start(
                    config.adminPort(), WorkerVariables.WORKER_ADMIN_PORT.name(), metrics, () -> readiness(consumer));
            log.info("worker metrics on http://localhost:{}/metrics", admin.port());
            new StartupTime("worker", metrics)
                    .readyWhen(() ->
                            consumer.consuming() ? Optional.of("consuming " + consumer.queue()) : Optional.empty());
            return new RunningWorker(consumer, pool, admin);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * The customer events' subscription on the consumer library; a handler or setting it refuses
     * stops the worker with its one line, as a bad variable does.
     */
    private static EventConsumer consumer(
            WorkerConfig config,
            List<MessageHandler> handlers,
            HikariDataSource pool,
            MeterRegistry metrics,
            Tracer tracer) {
        try {
            EventConsumer.Builder builder = EventConsumer.builder(
                            broker(config.amqp()),
                            new Subscription(config.queue(), config.bindingKey(), config.partitions()),
                            pool)
                    .exchange(config.exchange())
                    .serviceName("worker")
                    .consumerName(config.consumerName())
                    .consumers(config.concurrency(), config.prefetch())
                    .batches(config.batchSize(), config.batchWait(), config.batchLinger())
                    .retries(config.maxAttempts(), config.retryDelays())
                    .maxWaits(config.maxWaits())
                    .retention(config.retention())
                    .meterRegistry(metrics)
                    .tracer(tracer);
            for (MessageHandler handler : handlers) {
                for (int version : handler.versions()) {
                    builder.on(handler.type(), version, handler);
                }
            }
            return builder.start();
        } catch (IllegalArgumentException refused) {
            throw new ConfigException(ErrorMessages.of(refused));
        }
    }

    /** The broker the worker's variables give, as the library takes it; a refused TLS link names AMQP_TLS_CA_FILE. */
    private static Broker broker(AmqpSettings amqp) {
        Broker broker = Broker.at(amqp.uri().toString())
                .cluster(amqp.addresses().stream()
                        .map(address -> address.getHost() + ":" + address.getPort())
                        .toList());
        if (amqp.tlsCa().isPresent()) {
            broker = broker.trusting(
                    amqp.tlsCa().get().file(), amqp.tlsCa().get().variable());
        }
        return amqp.queueType() == QueueType.CLASSIC ? broker.withClassicQueues() : broker;
    }

    private static Readiness readiness(EventConsumer consumer) {
        ConsumerHealth health = consumer.health();
        return new Readiness(health.ready(), health.status(), health.reason());
    }

    /** The running parts, closed in reverse order of their start. */
    public record RunningWorker(EventConsumer consumer, HikariDataSource pool, AdminServer admin)
            implements ServiceMain.Running {
        @Override
        public void close() {
            consumer.close();
            pool.close();
            admin.close();
        }
    }
}
