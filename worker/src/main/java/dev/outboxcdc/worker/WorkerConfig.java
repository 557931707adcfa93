package dev.outboxcdc.worker;

import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.WorkerVariables;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.retention.DedupRetention;
import java.time.Duration;
import java.util.List;

/**
 * The worker's settings, read from the environment; see docs/CONFIGURATION.md.
 *
 * @param schemaOwner   {@code DB_MIGRATION_USER}: who runs the worker's migrations at its start
 * @param partitions    {@code WORKER_PARTITIONS} (1): queues consumed in parallel, each customer's events in one
 *                      ({@link Subscription})
 * @param consumerName  the name its processed-message records carry; one per logical consumer
 * @param retryDelays   the delay before each retry; a handler failing {@code maxAttempts} times is parked
 * @param batchSize     deliveries handled in one transaction and acked with one multiple-ack
 * @param batchWait     how long a partial batch waits for the next delivery: it grows while deliveries keep
 *                      coming at least this often
 * @param batchLinger   how long a batch may grow in all, from its first delivery: the most a trickle of
 *                      events adds to their latency, for fewer commits (each an fsync) under load
 * @param retention     processed-message records older than this are deleted
 * @param maxWaits      how often an event waits (the first retry delay each time) for its predecessor before it
 *                      is parked ({@code WORKER_MAX_WAITS}); must outlast the predecessor's own retries
 * @param adminPort     {@code WORKER_ADMIN_PORT} (9102): {@code /metrics} and {@code /health/live}; 0 = any free port
 */
public record WorkerConfig(
        DatabaseSettings database,
        DatabaseSettings schemaOwner,
        AmqpSettings amqp,
        String exchange,
        String queue,
        String bindingKey,
        int partitions,
        String consumerName,
        int prefetch,
        int concurrency,
        int batchSize,
        Duration batchWait,
        Duration batchLinger,
        int maxAttempts,
        int maxWaits,
        List<Duration> retryDelays,
        Duration retention,
        int adminPort) {

    public static WorkerConfig fromEnv(Env env) {
        Subscription subscription = Subscription.fromEnv(env);
        DatabaseSettings database = DatabaseSettings.fromEnv(env, Component.WORKER);
        return new WorkerConfig(
                database,
                database.asSchemaOwner(env),
                AmqpSettings.fromEnv(env),
                EventTopology.exchange(env),
                subscription.queue(),
                subscription.bindingKey(),
                subscription.partitions(),
                env.get(WorkerVariables.WORKER_CONSUMER_NAME, subscription.queue()),
                env.get(WorkerVariables.WORKER_PREFETCH),
                env.get(WorkerVariables.WORKER_CONCURRENCY),
                env.get(WorkerVariables.WORKER_BATCH_SIZE),
                env.get(WorkerVariables.WORKER_BATCH_WAIT_MS),
                env.get(WorkerVariables.WORKER_BATCH_LINGER_MS),
                env.get(WorkerVariables.WORKER_MAX_ATTEMPTS),
                env.get(WorkerVariables.WORKER_MAX_WAITS),
                Subscription.retryDelays(env),
                DedupRetention.fromEnv(env),
                env.get(WorkerVariables.WORKER_ADMIN_PORT));
    }

    public Subscription subscription() {
        return new Subscription(queue, bindingKey, partitions);
    }
}
