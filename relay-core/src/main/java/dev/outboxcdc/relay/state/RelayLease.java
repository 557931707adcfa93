package dev.outboxcdc.relay.state;

import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one relay per name the active one. Two engines tailing the same binlog with the same
 * replica id would evict each other in a loop; a second relay started by mistake (or as a hot
 * standby) waits here instead. The lease is a named lock held by a dedicated session, so the server
 * releases it when the holder dies, even by {@code kill -9}.
 */
public final class RelayLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayLease.class);
    private static final Duration WAIT_PER_TRY = Duration.ofSeconds(2);

    private final Connection session;
    private final String lockName;

    private RelayLease(Connection session, String lockName) {
        this.session = session;
        this.lockName = lockName;
    }

    /**
     * Blocks until this relay holds the lease, or returns null if {@code stopping} turned true
     * first; {@code standingBy} runs once another relay is found holding it.
     */
    public static RelayLease acquire(
            DatabaseSettings db, DatabaseFlavor flavor, String relayName, BooleanSupplier stopping, Runnable standingBy)
            throws SQLException {
        String lockName = lockName(relayName);
        Connection session =
                DriverManager.getConnection(db.jdbcUrl(flavor, Duration.ofSeconds(30)), db.user(), db.password());
        boolean announced = false;
        try (PreparedStatement lock = session.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            lock.setString(1, lockName);
            lock.setLong(2, WAIT_PER_TRY.toSeconds());
            while (!stopping.getAsBoolean()) {
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getInt(1) == 1) {
                        log.info("relay {} holds the lease; starting", relayName);
                        return new RelayLease(session, lockName);
                    }
                }
                if (!announced) {
                    standingBy.run();
                    log.info("another relay named {} is active; standing by until it stops", relayName);
                    announced = true;
                }
            }
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
        session.close();
        return null;
    }

    /** The server-wide name of the lock that is the lease of the relay named {@code relayName}. */
    public static String lockName(String relayName) {
        return "outbox-cdc:" + relayName;
    }

    /** False once the session that holds the lock is gone (the server then released the lock). */
    public boolean stillHeld() {
        try (PreparedStatement check = session.prepareStatement("SELECT IS_USED_LOCK(?) = CONNECTION_ID()")) {
            check.setString(1, lockName);
            try (ResultSet result = check.executeQuery()) {
                return result.next() && result.getInt(1) == 1;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try (session) {
            log.debug("releasing lease {}", lockName);
        } catch (SQLException e) {
            log.debug("lease session already gone: {}", e.getMessage());
        }
    }
}
