package dev.outboxcdc.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.WorkerVariables;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseWritability;
import dev.outboxcdc.support.db.SchemaMigrations;
import dev.outboxcdc.support.db.TransactionalDatabase;
import dev.outboxcdc.support.lifecycle.ServiceMain;
import dev.outboxcdc.support.lifecycle.StartupTime;
import dev.outboxcdc.support.metrics.AdminServer;
import dev.outboxcdc.support.metrics.ServiceMetrics;
import dev.outboxcdc.support.tracing.Tracing;
import dev.outboxcdc.worker.consume.ConsumerMetrics;
import dev.outboxcdc.worker.consume.WorkerHealth;
import dev.outboxcdc.worker.consume.WorkerRunner;
import dev.outboxcdc.worker.handler.CustomerCreatedHandler;
import dev.outboxcdc.worker.handler.CustomerUpdatedHandler;
import dev.outboxcdc.worker.handler.MessageHandler;
import dev.outboxcdc.worker.inbox.IdempotentReceiver;
import dev.outboxcdc.worker.inbox.ProcessedMessages;
import dev.outboxcdc.worker.retention.ProcessedMessagesRetention;
import dev.outboxcdc.worker.topology.QueueDepths;
import dev.outboxcdc.worker.topology.WorkerTopology;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the worker by hand and runs it until SIGTERM/SIGINT; exits 0 after a clean stop. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final Duration QUEUE_DEPTH_REFRESH = Duration.ofSeconds(15);

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
        config.amqp().declareAtStartup(new WorkerTopology(config)::declare);
        DatabaseFlavor flavor = config.database().resolveFlavor();
        PrometheusMeterRegistry metrics = ServiceMetrics.create("worker", Env.system());
        HikariDataSource pool = TransactionalDatabase.pool(
                config.database(), flavor, "worker", config.concurrency() + 2, Duration.ofSeconds(30));
        try {
            pool.setMetricRegistry(metrics);
            SchemaMigrations.apply(
                    config.schemaOwner(), flavor, "worker", "classpath:db/worker", "worker_schema_history");
            Jdbi jdbi = TransactionalDatabase.jdbi(pool);
            ProcessedMessages processed = new ProcessedMessages(config.consumerName());
            EventSchemas schemas = EventSchemas.load();
            warnAboutTypesWithoutSchema(handlers, schemas);
            IdempotentReceiver receiver =
                    new IdempotentReceiver(jdbi, processed, handlers, schemas, new ObjectMapper(), tracer);
            BrokerBlocking blocking = new BrokerBlocking("worker", metrics, Clock.systemUTC());
            WorkerRunner runner = new WorkerRunner(
                    config, receiver, new ConsumerMetrics(metrics, config.consumerName(), Clock.systemUTC()), blocking);
            AdminServer admin = AdminServer.start(
                    config.adminPort(),
                    WorkerVariables.WORKER_ADMIN_PORT.name(),
                    metrics,
                    new WorkerHealth(runner, new DatabaseWritability("worker", jdbi, metrics), blocking)::readiness);
            log.info("worker metrics on http://localhost:{}/metrics", admin.port());
            ProcessedMessagesRetention retention = new ProcessedMessagesRetention(jdbi, processed, config.retention());
            WorkerTopology topology = new WorkerTopology(config);
            QueueDepths queueDepths = new QueueDepths(config.amqp(), topology, config.consumerName(), metrics);
            runner.start();
            new StartupTime("worker", metrics)
                    .readyWhen(() ->
                            runner.consuming() ? Optional.of("consuming " + topology.workQueue()) : Optional.empty());
            retention.start(Duration.ofMinutes(10));
            queueDepths.start(QUEUE_DEPTH_REFRESH);
            return new RunningWorker(runner, retention, queueDepths, pool, admin);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** A handler of a type the catalogue has no schema for gets its payloads unchecked: said once, at start-up. */
    private static void warnAboutTypesWithoutSchema(List<MessageHandler> handlers, EventSchemas schemas) {
        handlers.stream()
                .map(MessageHandler::type)
                .filter(type -> !schemas.types().contains(type))
                .forEach(type -> log.warn(
                        "no schema for event type {} in contracts/: its payloads are checked by its handler only",
                        type));
    }

    /** The running parts, closed in reverse order of their start. */
    public record RunningWorker(
            WorkerRunner runner,
            ProcessedMessagesRetention retention,
            QueueDepths queueDepths,
            HikariDataSource pool,
            AdminServer admin)
            implements ServiceMain.Running {
        @Override
        public void close() {
            runner.close();
            retention.close();
            queueDepths.close();
            pool.close();
            admin.close();
        }
    }
}
