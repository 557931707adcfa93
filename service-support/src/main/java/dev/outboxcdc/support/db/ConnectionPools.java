package dev.outboxcdc.support.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.outboxcdc.support.config.ConfigException;
import java.sql.SQLException;
import java.time.Duration;

/** Builds the HikariCP pool every service uses, with the settings they must agree on. */
public final class ConnectionPools {
    /** A request waiting longer than this for a connection gets a 503, well inside 5 s. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    private ConnectionPools() {}

    public static HikariDataSource open(
            DatabaseSettings settings, DatabaseFlavor flavor, String poolName, int maximumSize, Duration queryTimeout) {
        return open(settings, flavor, poolName, maximumSize, queryTimeout, true);
    }

    /** {@code autoCommit=false}: see {@link TransactionalDatabase}, the only caller that turns it off. */
    static HikariDataSource open(
            DatabaseSettings settings,
            DatabaseFlavor flavor,
            String poolName,
            int maximumSize,
            Duration queryTimeout,
            boolean autoCommit) {
        HikariConfig config = new HikariConfig();
        config.setAutoCommit(autoCommit);
        config.setPoolName(poolName);
        config.setJdbcUrl(settings.jdbcUrl(flavor, queryTimeout));
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(maximumSize);
        config.setMinimumIdle(Math.min(2, maximumSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        // Every timestamp the services write or compare is UTC, whatever the server's zone.
        config.setConnectionInitSql("SET time_zone = '+00:00'");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            if (flavor == DatabaseFlavor.MARIADB && e.getCause() instanceof SQLException refused) {
                settings.plaintextRefusal(refused).ifPresent(line -> {
                    throw new ConfigException(line);
                });
            }
            throw e;
        }
    }
}
