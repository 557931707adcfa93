package dev.outboxcdc.ctl;

import dev.outboxcdc.contract.topology.SubscriberQueues;
import dev.outboxcdc.relay.state.RelayNames;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.DatabaseVariables;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What outboxctl talks to, read from the same environment variables as the services, so that an
 * operator points it at a deployment the way the services are pointed at it.
 *
 * @param database      {@code DB_*}; user {@code outbox_ctl} by default (reads the outbox and the
 *                      relay's offsets, sees the binlog position and the lease holder, writes nothing)
 * @param schemaOwner   {@code DB_MIGRATION_USER} / {@code DB_MIGRATION_PASSWORD}: who creates or changes the audit
 *                      log's table, the first time a command needs it; empty when no password is given
 * @param amqp          {@code AMQP_URI}
 * @param exchange      {@code EVENTS_EXCHANGE}, default {@code outbox.events}
 * @param eventSource   {@code EVENT_SOURCE}: the CloudEvents {@code source} of the rows it republishes, as the relay's
 * @param relayName     {@code RELAY_NAME}, default {@code outbox-relay}
 * @param subscriber    {@code WORKER_QUEUE} (default {@code worker.customer-events}), {@code WORKER_PARTITIONS}
 * @param retryDelays   {@code WORKER_RETRY_DELAYS_MS}: names the worker's delay queues
 * @param unroutedQueue {@code RELAY_UNROUTED_QUEUE}, default {@code outbox.unrouted}
 */
public record CtlConfig(
        DatabaseSettings database,
        Optional<DatabaseSettings> schemaOwner,
        AmqpSettings amqp,
        String exchange,
        String eventSource,
        String relayName,
        Subscription subscriber,
        List<Duration> retryDelays,
        String unroutedQueue) {

    public static CtlConfig fromEnv(Env env) {
        DatabaseSettings database = DatabaseSettings.fromEnv(env, Component.OUTBOXCTL);
        return new CtlConfig(
                database,
                schemaOwner(env, database),
                AmqpSettings.fromEnv(env),
                EventTopology.exchange(env),
                EventTopology.source(env),
                RelayNames.fromEnv(env),
                Subscription.fromEnv(env),
                Subscription.retryDelays(env),
                EventTopology.unroutedQueue(env).orElse(EventTopology.DEFAULT_UNROUTED_QUEUE));
    }

    /**
     * The schema's owner, for the one time the audit log's table is created or changed: given
     * ({@code DB_MIGRATION_PASSWORD} or {@code _FILE} set, or development), or not needed by the
     * command at hand (it fails naming the variables only if the table is due).
     */
    private static Optional<DatabaseSettings> schemaOwner(Env env, DatabaseSettings database) {
        boolean given = env.find(DatabaseVariables.DB_MIGRATION_PASSWORD).isPresent();
        return given || env.developmentDefaults() ? Optional.of(database.asSchemaOwner(env)) : Optional.empty();
    }

    public String workQueue() {
        return subscriber.queue();
    }

    public String parkingLot() {
        return SubscriberQueues.parkingLot(workQueue());
    }

    /** The worker's queues (work, delay queues, parking lot), then the relay's unrouted queue. */
    public List<String> queues() {
        return Stream.concat(
                        SubscriberQueues.all(workQueue(), subscriber.partitions(), retryDelays).stream(),
                        Stream.of(unroutedQueue))
                .toList();
    }
}
