package dev.outboxcdc.tools.chaos;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * Administrator connections to the server the stack's services use now: after a database failover
 * the suite's checks read the promoted replica, as the services do. One small pool, replaced when
 * the stack moves.
 */
final class StackAdminConnections implements ConnectionFactory, AutoCloseable {
    private final ServiceStack stack;
    private DatabaseSettings settings;
    private HikariDataSource pool;

    StackAdminConnections(ServiceStack stack) {
        this.stack = stack;
    }

    @Override
    public synchronized Connection openConnection() throws SQLException {
        DatabaseSettings now = stack.admin();
        if (!now.equals(settings)) {
            close();
            pool = ConnectionPools.open(now, now.resolveFlavor(), "chaos", 4, Duration.ofSeconds(60));
            settings = now;
        }
        return pool.getConnection();
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
