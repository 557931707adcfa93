package dev.outboxcdc.support.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up a broker connection whose link went half-open: a NAT or load balancer that forgot the
 * flow leaves both ends open and carries nothing, not even a close. AMQP heartbeats notice that
 * only after more than two intervals without a frame (11-15 s at {@link AmqpSettings#HEARTBEAT_SECONDS},
 * measured in {@code make chaos} scenario 18), and intervals below 5 s invite false alarms on a busy
 * broker. So every {@link #EVERY} each watched connection is asked a round trip ({@code basic.qos} on
 * a channel of its own: no permission needed, nothing changed); one not answered within
 * {@link #DEADLINE} aborts the connection, and the service's own reconnect takes over, as when
 * the broker closes it. Never while the broker blocks the connection (an alarm: it does not read
 * from it then, on purpose; {@link BrokerBlocking} says so). Logged once per connection given up
 * and counted ({@code outbox_broker_links_given_up_total}). Thread-safe.
 */
public final class BrokerLinkProbe {
    static final Duration EVERY = Duration.ofSeconds(1);
    static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final Duration CLOSE_WAIT = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(BrokerLinkProbe.class);
    private static final AMQP.Basic.Qos ROUND_TRIP =
            new AMQP.Basic.Qos.Builder().prefetchCount(0).build();

    private final String service;
    private final BrokerBlocking blocking;
    private final Counter givenUp;
    private final Map<Connection, Probe> probes = new ConcurrentHashMap<>();
    /** Shared by every probe of the process: a tool that publishes now and then (outboxctl) makes one each time. */
    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor(daemon("ticks"));
    /** Sends the probes: a write to a link that stopped taking bytes may block, the ticks must not. */
    private static final ExecutorService SENDERS = Executors.newCachedThreadPool(daemon("send"));
    /** This probe's ticks, while it watches a connection; guarded by {@code this}. */
    private @Nullable ScheduledFuture<?> ticking;

    /** One connection's probe channel and the round trip it waits for (0: none). */
    private static final class Probe {
        final Channel channel;
        volatile long askedAtNanos;

        Probe(Channel channel) {
            this.channel = channel;
        }
    }

    public BrokerLinkProbe(String service, BrokerBlocking blocking, MeterRegistry registry) {
        this.service = service;
        this.blocking = blocking;
        this.givenUp = Counter.builder("outbox_broker_links_given_up")
                .description("Broker connections given up because a round trip went unanswered (a half-open link)")
                .register(registry);
    }

    /** Probes {@code connection} until it closes; opens a channel of its own on it. */
    public synchronized void watch(Connection connection) throws IOException {
        Probe probe = new Probe(connection.createChannel());
        probes.put(connection, probe);
        connection.addShutdownListener(cause -> forget(connection));
        if (ticking == null) {
            ticking =
                    TICKS.scheduleWithFixedDelay(this::tick, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void forget(Connection connection) {
        probes.remove(connection);
        if (probes.isEmpty() && ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    private void tick() {
        try {
            probeEach();
        } catch (RuntimeException e) {
            // a tick that threw would end every later one: logged, and the next tick tries again
            log.warn("{}: probing the broker connections failed: {}", service, e.toString());
        }
    }

    private void probeEach() {
        long now = System.nanoTime();
        probes.forEach((connection, probe) -> {
            if (blocking.blocks(connection)) {
                if (probe.askedAtNanos != 0) {
                    probe.askedAtNanos = now; // the deadline counts from the end of the block
                }
                return;
            }
            long askedAt = probe.askedAtNanos;
            if (askedAt == 0) {
                probe.askedAtNanos = now;
                SENDERS.execute(() -> ask(connection, probe));
            } else if (now - askedAt > DEADLINE.toNanos()) {
                forget(connection);
                givenUp.increment();
                log.warn(
                        "{}: the broker did not answer on connection {} for {} ms (a half-open link?): giving it up",
                        service,
                        connection.getClientProvidedName(),
                        TimeUnit.NANOSECONDS.toMillis(now - askedAt));
                // abort() waits this long for the broker's close-ok, which a half-open link never carries
                SENDERS.execute(() -> connection.abort((int) CLOSE_WAIT.toMillis()));
            }
        });
    }

    private void ask(Connection connection, Probe probe) {
        try {
            var unused = probe.channel.asyncCompletableRpc(ROUND_TRIP).whenComplete((answer, error) -> {
                if (error == null) {
                    probe.askedAtNanos = 0;
                }
            });
        } catch (IOException | RuntimeException e) {
            // the connection is closing: its shutdown listener ends the probe
            log.debug(
                    "{}: probing connection {} failed: {}", service, connection.getClientProvidedName(), e.toString());
        }
    }

    private static ThreadFactory daemon(String role) {
        return runnable -> {
            Thread thread = new Thread(runnable, "broker-link-probe-" + role);
            thread.setDaemon(true);
            return thread;
        };
    }
}
