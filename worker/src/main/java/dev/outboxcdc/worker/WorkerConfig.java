package dev.outboxcdc.worker;

import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.amqp.SubscriberQueues;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Env;
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
        DatabaseSettings database = DatabaseSettings.fromEnv(env, "outbox_worker", "worker-secret");
        return new WorkerConfig(
                database,
                database.asSchemaOwner(env),
                AmqpSettings.fromEnv(env),
                EventTopology.exchange(env),
                subscription.queue(),
                subscription.bindingKey(),
                subscription.partitions(),
                env.string("WORKER_CONSUMER_NAME", subscription.queue()),
                env.integer("WORKER_PREFETCH", 256, 1, 65_535),
                env.integer("WORKER_CONCURRENCY", 2, 1, 64),
                env.integer("WORKER_BATCH_SIZE", 100, 1, 10_000),
                env.millis("WORKER_BATCH_WAIT_MS", Duration.ofMillis(2), Duration.ZERO, Duration.ofSeconds(5)),
                env.millis("WORKER_BATCH_LINGER_MS", Duration.ofMillis(10), Duration.ZERO, Duration.ofSeconds(5)),
                env.integer("WORKER_MAX_ATTEMPTS", 5, 1, 100),
                env.integer("WORKER_MAX_WAITS", 300, 1, 100_000),
                SubscriberQueues.retryDelays(env),
                DedupRetention.fromEnv(env),
                env.integer("WORKER_ADMIN_PORT", 9102, 0, 65_535));
    }

    public Subscription subscription() {
        return new Subscription(queue, bindingKey, partitions);
    }
}
