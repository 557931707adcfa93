package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.Connection;
import dev.outboxcdc.support.metrics.Readiness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker blocks a service's connections: under a memory or disk alarm RabbitMQ stops
 * reading from every connection that publishes and says so ({@code connection.blocked}, with its
 * reason), so publishes and confirms wait while the process looks healthy. Shown by readiness
 * ({@code BLOCKED} and the alarm) and the gauge {@code outbox_broker_blocked} as soon as the broker
 * says so, and logged once when an episode starts and once when it ends. Thread-safe.
 */
public final class BrokerBlocking {
    private static final Logger log = LoggerFactory.getLogger(BrokerBlocking.class);

    private final String service;
    private final Clock clock;
    /** The blocked connections of this service, with the broker's reason. */
    private final Map<Connection, String> blocked = new ConcurrentHashMap<>();

    private Instant since = Instant.EPOCH;

    public BrokerBlocking(String service, MeterRegistry registry, Clock clock) {
        this.service = service;
        this.clock = clock;
        Gauge.builder("outbox_broker_blocked", blocked, connections -> connections.isEmpty() ? 0 : 1)
                .description("1 while the broker blocks this service's connections (a memory or disk alarm)")
                .register(registry);
    }

    /** Follows {@code connection}'s blocked and unblocked notifications until it closes. */
    public void watch(Connection connection) {
        connection.addBlockedListener(reason -> blocked(connection, reason), () -> unblocked(connection));
        connection.addShutdownListener(cause -> unblocked(connection));
    }

    /** {@code BLOCKED} with the alarm and its start while the broker blocks a connection of this service. */
    public Optional<Readiness> readiness() {
        return blocked.values().stream()
                .findFirst()
                .map(reason -> Readiness.down("BLOCKED", alarm(reason) + " (" + reason + ") since " + startedAt()));
    }

    private synchronized Instant startedAt() {
        return since;
    }

    private synchronized void blocked(Connection connection, String reason) {
        if (blocked.isEmpty()) {
            since = clock.instant();
            log.warn(
                    "{}: the broker blocks publishing: {} ({}); events wait until it clears",
                    service,
                    alarm(reason),
                    reason);
        }
        blocked.put(connection, reason);
    }

    private synchronized void unblocked(Connection connection) {
        if (blocked.remove(connection) != null && blocked.isEmpty()) {
            log.info(
                    "{}: the broker accepts publishing again after {} ms blocked",
                    service,
                    Duration.between(since, clock.instant()).toMillis());
        }
    }

    /** RabbitMQ's reasons are "low on memory" and "low on disk". */
    static String alarm(String reason) {
        String lower = reason.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("memory")
                ? "broker memory alarm"
                : lower.contains("disk") ? "broker disk alarm" : "broker alarm";
    }
}
