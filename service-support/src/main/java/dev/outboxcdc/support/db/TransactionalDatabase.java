package dev.outboxcdc.support.db;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;

/**
 * A pool whose connections stay in manual-commit mode, and the Jdbi that runs transactions on it.
 *
 * <p>Why: with auto-commit on, every {@code useTransaction} costs two extra round trips
 * ({@code SET autocommit=0} before, {@code SET autocommit=1} after) — a third of the statements the
 * database executes per registered customer. With auto-commit off a transaction is its statements
 * plus one {@code COMMIT}.
 *
 * <p>Jdbi's default transaction handler takes a connection with auto-commit off for one that is
 * already inside a transaction: {@code useTransaction} then runs as a nested block and never
 * commits. The "managed" handler judges only by the transactions it began itself, so
 * {@code useTransaction} commits (or rolls back) exactly as it does with auto-commit on. A write
 * outside {@code useTransaction}/{@code inTransaction} is rolled back when the connection returns
 * to the pool: every write of a service on this pool must run in a transaction.
 */
public final class TransactionalDatabase {
    private TransactionalDatabase() {}

    public static HikariDataSource pool(
            DatabaseSettings settings, DatabaseFlavor flavor, String poolName, int maximumSize, Duration queryTimeout) {
        return ConnectionPools.open(settings, flavor, poolName, maximumSize, queryTimeout, false);
    }

    public static Jdbi jdbi(HikariDataSource manualCommitPool) {
        if (manualCommitPool.isAutoCommit()) {
            throw new IllegalArgumentException("pool " + manualCommitPool.getPoolName() + " has auto-commit on");
        }
        return Jdbi.create(manualCommitPool).setTransactionHandler(LocalTransactionHandler.managed());
    }
}
