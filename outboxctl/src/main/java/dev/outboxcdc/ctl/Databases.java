package dev.outboxcdc.ctl;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseSettings;
import java.time.Duration;

/** outboxctl's database connection: a pool of one, for one command. */
public final class Databases {
    private Databases() {}

    public static HikariDataSource open(DatabaseSettings settings) {
        return ConnectionPools.open(settings, settings.resolveFlavor(), "outboxctl", 1, Duration.ofSeconds(30));
    }
}
