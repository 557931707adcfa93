package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.Connection;
import dev.outboxcdc.support.metrics.Readiness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker blocks a service's connections: under a memory or disk alarm RabbitMQ stops
 * reading from every connection that publishes and says so ({@code connection.blocked}, with its
 * reason), so publishes and confirms wait while the process looks healthy. Shown by readiness
 * ({@code BLOCKED} and the alarm) and the gauge {@code outbox_broker_blocked} as soon as the broker
 * says so, and logged once when an episode starts and once when it ends.
 *
 * <p>A service gives a blocked connection up when its confirms time out and opens another at once,
 * which the broker blocks again on its first publish: a blocked connection that closes keeps the
 * episode open for {@link #RECONNECT_GRACE}, so that readiness does not flicker to {@code UP} between
 * the two, yet clears within the 5 s an operator is promised when the alarm ended meanwhile.
 * The connections it watches are also probed for a half-open link ({@link BrokerLinkProbe}), which
 * must know when the broker blocks one. Thread-safe.
 */
public final class BrokerBlocking {
    static final Duration RECONNECT_GRACE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(BrokerBlocking.class);

    private final String service;
    private final Clock clock;
    /** The blocked connections of this service, with the broker's reason. */
    private final Map<Connection, String> blocked = new HashMap<>();

    private final BrokerLinkProbe linkProbe;

    private String reason = "";
    /** When the episode began; null while none is open. */
    private @Nullable Instant since;
    /** When the episode's last blocked connection closed, if it did: the episode waits for another. */
    private @Nullable Instant blockedConnectionClosed;

    public BrokerBlocking(String service, MeterRegistry registry, Clock clock) {
        this.service = service;
        this.clock = clock;
        this.linkProbe = new BrokerLinkProbe(service, this, registry);
        Gauge.builder(
                        "outbox_broker_blocked",
                        this,
                        blocking -> blocking.current().isPresent() ? 1 : 0)
                .description("1 while the broker blocks this service's connections (a memory or disk alarm)")
                .register(registry);
    }

    /**
     * Follows {@code connection}'s blocked and unblocked notifications until it closes, and has the
     * {@link BrokerLinkProbe} give it up if its link goes half-open.
     */
    public void watch(Connection connection) throws IOException {
        connection.addBlockedListener(reason -> blocked(connection, reason), () -> unblocked(connection, false));
        connection.addShutdownListener(cause -> unblocked(connection, true));
        linkProbe.watch(connection);
    }

    /** Whether the broker blocks {@code connection} now. */
    synchronized boolean blocks(Connection connection) {
        return blocked.containsKey(connection);
    }

    /** {@code BLOCKED} with the alarm and its start while the broker blocks this service. */
    public Optional<Readiness> readiness() {
        return current().map(alarm -> Readiness.down("BLOCKED", alarm));
    }

    private synchronized Optional<String> current() {
        if (since == null) {
            return Optional.empty();
        }
        if (blocked.isEmpty()
                && (blockedConnectionClosed == null
                        || !clock.instant().isBefore(blockedConnectionClosed.plus(RECONNECT_GRACE)))) {
            log.info(
                    "{}: the broker accepts publishing again after {} ms blocked",
                    service,
                    Duration.between(since, clock.instant()).toMillis());
            since = null;
            return Optional.empty();
        }
        return Optional.of(alarm(reason) + " (" + reason + ") since " + since);
    }

    private synchronized void blocked(Connection connection, String reason) {
        if (since == null) {
            since = clock.instant();
            log.warn(
                    "{}: the broker blocks publishing: {} ({}); events wait until it clears",
                    service,
                    alarm(reason),
                    reason);
        }
        blocked.put(connection, reason);
        this.reason = reason;
        blockedConnectionClosed = null;
    }

    private synchronized void unblocked(Connection connection, boolean closed) {
        if (blocked.remove(connection) == null) {
            return;
        }
        blockedConnectionClosed = closed ? clock.instant() : null;
        current(); // ends the episode now if nothing keeps it open
    }

    /** RabbitMQ's reasons are "low on memory" and "low on disk". */
    static String alarm(String reason) {
        String lower = reason.toLowerCase(Locale.ROOT);
        return lower.contains("memory")
                ? "broker memory alarm"
                : lower.contains("disk") ? "broker disk alarm" : "broker alarm";
    }
}
