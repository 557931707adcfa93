package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.metrics.EngineMBeans;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While an engine streams from one server of a failover list: once its binlog connection has been
 * down for {@link #DISCONNECTED_FOR} and another server of the list is writable (a promoted replica),
 * it runs {@code restart}, and the relay starts its engine again against that server, from the
 * offset it stored (by GTID, which the promoted replica shares). Debezium alone would reconnect to
 * the lost server for ever. Reads the engine's own metrics while connected: no query while the
 * stream is healthy. Not started without failover servers.
 */
final class FailoverWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FailoverWatch.class);
    private static final Duration EVERY = Duration.ofMillis(500);
    static final Duration DISCONNECTED_FOR = Duration.ofSeconds(1);

    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cdc-failover-watch");
        thread.setDaemon(true);
        return thread;
    });
    private long disconnectedSince;

    private FailoverWatch() {}

    /** Watches an engine streaming from {@code streamingFrom}, one server of {@code database}'s list (none: nothing to watch). */
    static FailoverWatch start(
            DatabaseSettings database, DatabaseFlavor flavor, DatabaseSettings streamingFrom, Runnable restart) {
        FailoverWatch failoverWatch = new FailoverWatch();
        if (!database.failover().isEmpty()) {
            ScheduledFuture<?> unused = failoverWatch.watch.scheduleWithFixedDelay(
                    () -> failoverWatch.check(database, flavor, streamingFrom, restart),
                    EVERY.toMillis(),
                    EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return failoverWatch;
    }

    private void check(
            DatabaseSettings database, DatabaseFlavor flavor, DatabaseSettings streamingFrom, Runnable restart) {
        try {
            if (EngineMBeans.streaming("Connected").orElse(true) instanceof Boolean connected && connected) {
                disconnectedSince = 0;
                return;
            }
            long now = System.nanoTime();
            if (disconnectedSince == 0) {
                disconnectedSince = now;
            }
            if (now - disconnectedSince < DISCONNECTED_FOR.toNanos()) {
                return;
            }
            WritableServer.find(database, flavor)
                    .server()
                    .filter(writable ->
                            !writable.host().equals(streamingFrom.host()) || writable.port() != streamingFrom.port())
                    .ifPresent(writable -> {
                        log.warn(
                                "the binlog connection to {}:{} is lost and {}:{} is the writable server now (a promoted"
                                        + " replica): restarting the engine against it",
                                streamingFrom.host(),
                                streamingFrom.port(),
                                writable.host(),
                                writable.port());
                        watch.shutdown();
                        restart.run();
                    });
        } catch (RuntimeException e) {
            log.warn("checking for a promoted server failed; the next check tries again: {}", e.toString());
        }
    }

    @Override
    public void close() {
        watch.shutdownNow();
    }
}
