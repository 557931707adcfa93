package dev.outboxcdc.ctl;

import dev.outboxcdc.relay.RelayConfig;
import dev.outboxcdc.support.amqp.AmqpSettings;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.support.amqp.Subscription;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.worker.WorkerConfig;
import dev.outboxcdc.worker.topology.WorkerTopology;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What outboxctl talks to, read from the same environment variables as the services, so that an
 * operator points it at a deployment the way the services are pointed at it.
 *
 * @param database      {@code DB_*}; user {@code outbox_ctl} by default (reads the outbox and the
 *                      relay's offsets, sees the binlog position and the lease holder, writes nothing)
 * @param amqp          {@code AMQP_URI}
 * @param exchange      {@code EVENTS_EXCHANGE}, default {@code outbox.events}
 * @param relayName     {@code RELAY_NAME}, default {@code outbox-relay}
 * @param workQueue     {@code WORKER_QUEUE}, default {@code worker.customer-events}
 * @param retryDelays   {@code WORKER_RETRY_DELAYS_MS}: names the worker's delay queues
 * @param unroutedQueue {@code RELAY_UNROUTABLE_QUEUE}, default {@code outbox.unrouted}
 */
public record CtlConfig(DatabaseSettings database, AmqpSettings amqp, String exchange, String relayName, String workQueue,
                        List<Duration> retryDelays, String unroutedQueue) {

    public static CtlConfig fromEnv(Env env) {
        return new CtlConfig(
                DatabaseSettings.fromEnv(env, "outbox_ctl", "ctl-secret"),
                AmqpSettings.fromEnv(env),
                EventTopology.exchange(env),
                env.string("RELAY_NAME", RelayConfig.DEFAULT_NAME),
                Subscription.fromEnv(env).queue(),
                WorkerConfig.retryDelays(env),
                EventTopology.unroutedQueue(env).orElse(EventTopology.DEFAULT_UNROUTED_QUEUE));
    }

    public String parkingLot() {
        return WorkerTopology.parkingLot(workQueue);
    }

    /** The worker's queues (work, delay queues, parking lot), then the relay's set-aside queue. */
    public List<String> queues() {
        return Stream.concat(WorkerTopology.queues(workQueue, retryDelays).stream(), Stream.of(unroutedQueue)).toList();
    }
}
