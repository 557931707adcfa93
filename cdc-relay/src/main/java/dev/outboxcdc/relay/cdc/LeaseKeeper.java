package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.RelayMetrics;
import dev.outboxcdc.support.db.DatabaseErrors;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.support.retry.Backoff;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the relay's {@link RelayLease} across engine restarts: checks it before each start, takes
 * it again if its session died with a database restart, waits out a database that is down, and
 * reports standby and lease to the metrics. Used by the relay's own thread only.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final DatabaseSettings database;
    private final DatabaseFlavor flavor;
    private final String relayName;
    private final RelayMetrics metrics;
    private final Backoff backoff;
    private final BooleanSupplier stopping;
    private RelayLease lease;

    LeaseKeeper(DatabaseSettings database, DatabaseFlavor flavor, String relayName, RelayMetrics metrics, Backoff backoff,
                BooleanSupplier stopping) {
        this.database = database;
        this.flavor = flavor;
        this.relayName = relayName;
        this.metrics = metrics;
        this.backoff = backoff;
        this.stopping = stopping;
    }

    /** True once this relay holds the lease (at once if it still does); false if it is stopping first. */
    boolean hold() throws SQLException {
        if (lease != null && lease.stillHeld()) {
            return true;
        }
        metrics.leaseHeld(false);
        if (lease != null) {
            log.warn("the relay lease was lost with its database session; taking it again before streaming");
            lease.close();
            lease = null;
        }
        for (int attempt = 1; !stopping.getAsBoolean(); attempt++) {
            try {
                lease = RelayLease.acquire(database, flavor, relayName, stopping, () -> metrics.state(RelayMetrics.State.STANDBY));
                metrics.leaseHeld(lease != null);
                return lease != null;
            } catch (SQLException e) {
                if (!DatabaseErrors.isUnavailable(e)) {
                    throw e;
                }
                if (attempt == 1) {
                    log.warn("database unavailable, waiting for it: {}", e.getMessage());
                }
                backoff.pause(attempt);
            }
        }
        return false;
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
