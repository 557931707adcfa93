package dev.outboxcdc.support.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {
    private static DatabaseSettings settings(Map<String, String> variables) {
        return DatabaseSettings.fromEnv(new Env(variables), "outbox_api", "api-secret");
    }

    @Test
    void driverParametersAreAddedToEveryUrl() {
        DatabaseSettings settings = settings(
                Map.of("OUTBOX_ENV", "dev", "DB_JDBC_PARAMETERS", "useServerPrepStmts=true&prepStmtCacheSize=500"));

        assertThat(settings.jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .startsWith("jdbc:mariadb://127.0.0.1:3307/outbox?")
                .endsWith("&useServerPrepStmts=true&prepStmtCacheSize=500");
    }

    @Test
    void withoutThemTheUrlHasOnlyTheServicesOwnParameters() {
        assertThat(settings(Map.of("OUTBOX_ENV", "dev")).jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .doesNotContain("useServerPrepStmts")
                .doesNotEndWith("&");
    }

    @Test
    void somethingThatIsNotNameValuePairsIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("OUTBOX_ENV", "dev", "DB_JDBC_PARAMETERS", "?useServerPrepStmts")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DB_JDBC_PARAMETERS");
    }

    @Test
    void failoverServersMakeAMultiHostUrlInTheDriversFailoverMode() {
        DatabaseSettings settings = settings(Map.of("OUTBOX_ENV", "dev", "DB_FAILOVER_HOSTS", "db-2:3306, db-3:3316"));

        assertThat(settings.servers())
                .containsExactly(
                        new DatabaseServer("127.0.0.1", 3307),
                        new DatabaseServer("db-2", 3306),
                        new DatabaseServer("db-3", 3316));
        assertThat(settings.jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .startsWith("jdbc:mariadb:sequential://127.0.0.1:3307,db-2:3306,db-3:3316/outbox?")
                .contains("&retriesAllDown=2&deniedListTimeout=1000");
        assertThat(settings.jdbcUrl(DatabaseFlavor.MYSQL, Duration.ofSeconds(3)))
                .startsWith("jdbc:mysql://127.0.0.1:3307,db-2:3306,db-3:3316/outbox?")
                .contains("&failOverReadOnly=false");
    }

    @Test
    void oneServerOfTheListAloneHasAPlainUrl() {
        DatabaseSettings settings = settings(Map.of("OUTBOX_ENV", "dev", "DB_FAILOVER_HOSTS", "db-2:3306"));

        DatabaseSettings replica = settings.on(new DatabaseServer("db-2", 3306));

        assertThat(replica.failover()).isEmpty();
        assertThat(replica.jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .startsWith("jdbc:mariadb://db-2:3306/outbox?")
                .doesNotContain("retriesAllDown");
    }

    @Test
    void withoutFailoverServersTheUrlNamesOneServer() {
        assertThat(settings(Map.of("OUTBOX_ENV", "dev")).jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .startsWith("jdbc:mariadb://127.0.0.1:3307/outbox?")
                .doesNotContain("sequential", "deniedListTimeout");
    }

    @Test
    void aFailoverEntryWithoutAPortIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("OUTBOX_ENV", "dev", "DB_FAILOVER_HOSTS", "db-2:3306,db-3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DB_FAILOVER_HOSTS")
                .hasMessageContaining("db-3");
        assertThatThrownBy(() -> settings(Map.of("OUTBOX_ENV", "dev", "DB_FAILOVER_HOSTS", "db-2:70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DB_FAILOVER_HOSTS");
    }
}
