package dev.outboxcdc.support.config.variables;

import dev.outboxcdc.support.config.Component;
import dev.outboxcdc.support.config.Setting;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The worker's own settings. */
public final class WorkerVariables {
    public static final Setting<String> WORKER_CONSUMER_NAME = Setting.optionalText("WORKER_CONSUMER_NAME")
            .readBy(Component.WORKER)
            .withDoc("key of its processed-message records")
            .withDefaultText("the queue name");

    public static final Setting<Integer> WORKER_PREFETCH = Setting.integer("WORKER_PREFETCH", 256, 1, 65_535)
            .readBy(Component.WORKER)
            .withDoc("unacked deliveries per consumer");

    public static final Setting<Integer> WORKER_CONCURRENCY = Setting.integer("WORKER_CONCURRENCY", 2, 1, 64)
            .readBy(Component.WORKER)
            .withDoc("consumers (channels), each with its own thread");

    public static final Setting<Integer> WORKER_BATCH_SIZE = Setting.integer("WORKER_BATCH_SIZE", 100, 1, 10_000)
            .readBy(Component.WORKER)
            .withDoc("deliveries handled in one transaction and acked with one multiple-ack");

    public static final Setting<Duration> WORKER_BATCH_WAIT_MS = Setting.duration(
                    "WORKER_BATCH_WAIT_MS", ChronoUnit.MILLIS, 2, 0, 5_000)
            .readBy(Component.WORKER)
            .withDoc("how long a partial batch waits for the next delivery (it keeps growing while deliveries "
                    + "come at least this often)");

    public static final Setting<Duration> WORKER_BATCH_LINGER_MS = Setting.duration(
                    "WORKER_BATCH_LINGER_MS", ChronoUnit.MILLIS, 10, 0, 5_000)
            .readBy(Component.WORKER)
            .withDoc("how long a batch may grow in all from its first delivery: one commit (and fsync) per "
                    + "this much of a stream of events, at most this much added latency");

    public static final Setting<Integer> WORKER_MAX_ATTEMPTS = Setting.integer("WORKER_MAX_ATTEMPTS", 5, 1, 100)
            .readBy(Component.WORKER)
            .withDoc("handler failures before a message is parked");

    public static final Setting<Integer> WORKER_MAX_WAITS = Setting.integer("WORKER_MAX_WAITS", 300, 1, 100_000)
            .readBy(Component.WORKER)
            .withDoc("how often an event waits (the first retry delay each time) for its predecessor before it"
                    + " is parked; must outlast the predecessor's own retries");

    public static final Setting<Integer> WORKER_ADMIN_PORT = Setting.integer("WORKER_ADMIN_PORT", 9102, 0, 65_535)
            .readBy(Component.WORKER)
            .withDoc("its admin HTTP port: `GET /metrics`, `GET /health/live`, `GET /health/ready`; `0` = any "
                    + "free port");

    /** In the order docs/CONFIGURATION.md lists them. */
    static final List<Setting<?>> ALL = List.of(
            WORKER_CONSUMER_NAME,
            WORKER_PREFETCH,
            WORKER_CONCURRENCY,
            WORKER_BATCH_SIZE,
            WORKER_BATCH_WAIT_MS,
            WORKER_BATCH_LINGER_MS,
            WORKER_MAX_ATTEMPTS,
            WORKER_MAX_WAITS,
            WORKER_ADMIN_PORT);

    private WorkerVariables() {}
}
