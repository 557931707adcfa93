package dev.outboxcdc.harness;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** An admin connection for tests to look at and clean up what the services wrote. */
public final class TestDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final Jdbi jdbi;

    public TestDatabase(DatabaseSettings admin) {
        this.pool = ConnectionPools.open(admin, admin.resolveFlavor(), "test-admin", 4, Duration.ofSeconds(60));
        this.jdbi = Jdbi.create(pool);
    }

    public static TestDatabase admin() {
        return new TestDatabase(TestEnvironment.get().admin());
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public long count(String sql, Object... args) {
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    public int execute(String sql, Object... args) {
        return jdbi.withHandle(handle -> handle.execute(sql, args));
    }

    /**
     * Rotates the binary log and purges every file but the new one, retrying while a replica's dump
     * thread still holds an old file: what an operator's purge (or expire_logs) does to a relay that is down.
     */
    public void purgeBinaryLogsButTheNewest(Duration timeout) {
        execute("FLUSH BINARY LOGS");
        Polling.until(
                "the binary logs purged but the newest",
                timeout,
                Duration.ofMillis(200),
                () -> jdbi.withHandle(handle -> {
                    List<String> files = handle.createQuery("SHOW BINARY LOGS")
                            .map((row, ctx) -> row.getString(1))
                            .list();
                    handle.execute("PURGE BINARY LOGS TO '" + files.get(files.size() - 1) + "'");
                    return handle.createQuery("SHOW BINARY LOGS")
                                    .mapToMap()
                                    .list()
                                    .size()
                            == 1;
                }));
    }

    @Override
    public void close() {
        pool.close();
    }
}
