package dev.outboxcdc.relay.state;

import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one relay per name the active one. Two engines tailing the same binlog with the same
 * replica id would evict each other in a loop; a second relay started by mistake (or as a hot
 * standby) waits here instead. The lease is a named lock held by a dedicated session, so the server
 * releases it when the holder dies, even by {@code kill -9}.
 *
 * <p>A holder's session can outlive its use: when the link to the server goes half-open (a NAT or
 * load balancer forgot the flow), the relay gives the session up, but the server keeps it, and the
 * lock with it, until its {@code wait_timeout} (8 hours by default). A relay that takes the lease
 * again therefore names its own former session; if that session is the holder, it is provably this
 * relay's ghost, and the relay ends it ({@code KILL CONNECTION}, allowed on a user's own sessions)
 * instead of standing by behind it. The session's reads time out after {@link #NETWORK_TIMEOUT}, so a
 * silent link is noticed in seconds, not at the driver's socket timeout. Used by one thread at a time.
 */
public final class RelayLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayLease.class);
    private static final Duration WAIT_PER_TRY = Duration.ofSeconds(2);
    /** A lease statement answers in milliseconds; GET_LOCK waits {@link #WAIT_PER_TRY} at most. */
    static final Duration NETWORK_TIMEOUT = WAIT_PER_TRY.plusSeconds(3);

    private final Connection session;
    private final String lockName;
    private final long sessionId;

    private RelayLease(Connection session, String lockName, long sessionId) {
        this.session = session;
        this.lockName = lockName;
        this.sessionId = sessionId;
    }

    /**
     * Blocks until this relay holds the lease, or returns null if {@code stopping} turned true
     * first; {@code standingBy} runs once another relay is found holding it. {@code formerSession}:
     * the {@link #sessionId()} of this relay's previous lease on the same server, if it gave one up;
     * found holding the lock, it is ended.
     */
    public static @Nullable RelayLease acquire(
            DatabaseSettings db,
            DatabaseFlavor flavor,
            String relayName,
            OptionalLong formerSession,
            BooleanSupplier stopping,
            Runnable standingBy)
            throws SQLException {
        String lockName = lockName(relayName);
        Connection session =
                DriverManager.getConnection(db.jdbcUrl(flavor, Duration.ofSeconds(30)), db.user(), db.password());
        boolean announced = false;
        try (PreparedStatement lock = session.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            session.setNetworkTimeout(Runnable::run, (int) NETWORK_TIMEOUT.toMillis());
            lock.setString(1, lockName);
            lock.setLong(2, WAIT_PER_TRY.toSeconds());
            while (!stopping.getAsBoolean()) {
                // The former session first: GET_LOCK would wait out its timeout behind it.
                if (formerSession.isPresent()) {
                    endIfHolder(session, lockName, formerSession.getAsLong());
                }
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getInt(1) == 1) {
                        log.info("relay {} holds the lease; starting", relayName);
                        return new RelayLease(session, lockName, queryLong(session, "SELECT CONNECTION_ID()"));
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

    /** Ends {@code ghost} if it holds the lock: this relay's own former lease session. */
    private static void endIfHolder(Connection session, String lockName, long ghost) throws SQLException {
        try (PreparedStatement holder = session.prepareStatement("SELECT IS_USED_LOCK(?)")) {
            holder.setString(1, lockName);
            try (ResultSet result = holder.executeQuery()) {
                if (!result.next() || result.getLong(1) != ghost) {
                    return;
                }
            }
        }
        log.warn(
                "the relay lease is held by this relay's own former session {}, which it gave up when its link"
                        + " stopped answering; ending that session",
                ghost);
        try (Statement kill = session.createStatement()) {
            kill.execute("KILL CONNECTION " + ghost);
        } catch (SQLException e) {
            log.info("the former lease session {} had ended already: {}", ghost, e.getMessage());
        }
    }

    private static long queryLong(Connection session, String sql) throws SQLException {
        try (Statement statement = session.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The server's id of the session holding the lock: named to {@link #acquire} after the lease is lost. */
    public long sessionId() {
        return sessionId;
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
