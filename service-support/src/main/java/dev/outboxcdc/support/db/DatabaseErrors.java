package dev.outboxcdc.support.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/** Tells an unreachable or hung database (answer 503, retry later) from a bug (answer 500). */
public final class DatabaseErrors {
    /**
     * 1290, "running with the --read-only option": a replica that a failover list led to before it
     * was promoted (see {@link DatabaseSettings}); writable again once it is.
     */
    private static final int ER_OPTION_PREVENTS_STATEMENT = 1290;

    private DatabaseErrors() {}

    public static boolean isUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SQLTimeoutException
                    || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getErrorCode() == ER_OPTION_PREVENTS_STATEMENT) {
                return true;
            }
        }
        return false;
    }
}
