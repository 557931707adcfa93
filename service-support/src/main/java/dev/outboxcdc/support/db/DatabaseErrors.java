package dev.outboxcdc.support.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Pattern;

/** Tells an unreachable or hung database (answer 503, retry later) from a bug (answer 500). */
public final class DatabaseErrors {
    /**
     * 1290, "running with the --read-only option": a replica that a failover list led to before it
     * was promoted (see {@link DatabaseSettings}); writable again once it is.
     */
    private static final int ER_OPTION_PREVENTS_STATEMENT = 1290;

    /** 1114, "The table '…' is full": InnoDB could not grow a table's file (its disk is full). */
    private static final int ER_RECORD_FILE_FULL = 1114;

    /** 1021, "Disk full (…); waiting for someone to free some space…". */
    private static final int ER_DISK_FULL = 1021;

    /** The operating system's "No space left on device", as the server words it in other errors. */
    private static final Pattern ENOSPC_ERRNO = Pattern.compile("errno: 28(?!\\d)");

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
        // space freed, the same write succeeds: transient, as an outage is
        return isDiskFull(error);
    }

    /** Whether the database refused a write because its disk is full: retry once space is freed. */
    public static boolean isDiskFull(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && (sql.getErrorCode() == ER_RECORD_FILE_FULL
                            || sql.getErrorCode() == ER_DISK_FULL
                            || (sql.getMessage() != null
                                    && ENOSPC_ERRNO.matcher(sql.getMessage()).find()))) {
                return true;
            }
        }
        return false;
    }
}
