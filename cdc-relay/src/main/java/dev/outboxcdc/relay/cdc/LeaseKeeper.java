package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.relay.state.RelayLease;
import dev.outboxcdc.support.db.DatabaseErrors;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.retry.Backoff;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the relay's {@link RelayLease} across engine restarts: checks it before each start, takes
 * it again if its session died with a database restart, waits out a database that is down, and
 * reports standby and lease to the metrics. Used by the relay's own thread only.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    /** Longer than an active relay takes from its lease check to storing that batch's offset. */
    static final Duration FENCE_DELAY = Duration.ofSeconds(1);

    private final DatabaseFlavor flavor;
    private final String relayName;
    private final RelayMetrics metrics;
    private final Backoff backoff;
    private final BooleanSupplier stopping;
    private @Nullable RelayLease lease;
    /** The server the lease is held on. */
    private @Nullable DatabaseSettings leaseServer;
    /** The session of a lease given up on {@link #leaseServer}: the server may still hold it (a ghost). */
    private OptionalLong formerSession = OptionalLong.empty();

    LeaseKeeper(
            DatabaseFlavor flavor, String relayName, RelayMetrics metrics, Backoff backoff, BooleanSupplier stopping) {
        this.flavor = flavor;
        this.relayName = relayName;
        this.metrics = metrics;
        this.backoff = backoff;
        this.stopping = stopping;
    }

    /**
     * Whether the lease's session still holds it; asked by the engine before each offset is stored.
     * Only while the engine runs, when {@link #hold} does not (one session, one thread at a time).
     */
    boolean stillHeld() {
        RelayLease current = lease;
        return current != null && current.stillHeld();
    }

    /**
     * True once this relay holds the lease on {@code database} (at once if it still does there); false
     * if it is stopping first. A lease held on another server (before a failover) is given up first.
     * A relay that takes the lease over from another waits {@link #FENCE_DELAY} before it streams:
     * the other one checks its lease before storing each batch's offset, and may be finishing the
     * batch it checked just before its session died.
     */
    boolean hold(DatabaseSettings database) throws SQLException {
        boolean sameServer = database.equals(leaseServer);
        if (lease != null && sameServer && lease.stillHeld()) {
            return true;
        }
        metrics.leaseHeld(false);
        if (lease != null) {
            log.warn(
                    sameServer
                            ? "the relay lease was lost with its database session; taking it again before streaming"
                            : "the writable database server is {} now: taking the relay lease there",
                    database);
            formerSession = sameServer ? OptionalLong.of(lease.sessionId()) : OptionalLong.empty();
            lease.close();
            lease = null;
        }
        leaseServer = database;
        for (int attempt = 1; !stopping.getAsBoolean(); attempt++) {
            try {
                boolean[] stoodBy = {false};
                lease = RelayLease.acquire(database, flavor, relayName, formerSession, stopping, () -> {
                    stoodBy[0] = true;
                    metrics.state(RelayMetrics.State.STANDBY);
                });
                formerSession = OptionalLong.empty();
                if (lease != null && stoodBy[0] && !waitOutTheFormerHolder()) {
                    return false;
                }
                metrics.leaseHeld(lease != null);
                return lease != null;
            } catch (SQLException e) {
                if (!DatabaseErrors.isUnavailable(e)) {
                    throw e;
                }
                if (attempt == 1) {
                    log.warn("database unavailable, waiting for it: {}", e.getMessage());
                }
                if (!backoff.pause(attempt, stopping)) {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean waitOutTheFormerHolder() {
        log.info(
                "took the lease over from another relay; waiting {} ms before streaming (fencing)",
                FENCE_DELAY.toMillis());
        try {
            Thread.sleep(FENCE_DELAY.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return false;
        }
    }

    @Override
    public void close() {
        metrics.leaseHeld(false);
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }
}
