package dev.outboxcdc.tools.chaos;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.jdbi.v3.core.ConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * Administrator connections to the server the stack's services use now: after a database failover
 * the suite's checks read the promoted replica, as the services do. One small pool, replaced when
 * the stack moves.
 */
final class StackAdminConnections implements ConnectionFactory, AutoCloseable {
    private final ServiceStack stack;
    private @Nullable DatabaseSettings settings;
    private @Nullable HikariDataSource pool;

    StackAdminConnections(ServiceStack stack) {
        this.stack = stack;
    }

    @Override
    public synchronized Connection openConnection() throws SQLException {
        DatabaseSettings now = stack.admin();
        HikariDataSource current = pool;
        if (current == null || !now.equals(settings)) {
            close();
            current = ConnectionPools.open(now, now.resolveFlavor(), "chaos", 4, Duration.ofSeconds(60));
            pool = current;
            settings = now;
        }
        return current.getConnection();
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
