package dev.outboxcdc.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;
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

    @Override
    public void close() {
        pool.close();
    }
}
