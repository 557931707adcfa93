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
        DatabaseSettings settings = settings(Map.of("OUTBOX_ENV", "dev", "DB_JDBC_PARAMETERS", "useServerPrepStmts=true&prepStmtCacheSize=500"));

        assertThat(settings.jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .startsWith("jdbc:mariadb://127.0.0.1:3307/outbox?")
                .endsWith("&useServerPrepStmts=true&prepStmtCacheSize=500");
    }

    @Test
    void withoutThemTheUrlHasOnlyTheServicesOwnParameters() {
        assertThat(settings(Map.of("OUTBOX_ENV", "dev")).jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .doesNotContain("useServerPrepStmts").doesNotEndWith("&");
    }

    @Test
    void somethingThatIsNotNameValuePairsIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("OUTBOX_ENV", "dev", "DB_JDBC_PARAMETERS", "?useServerPrepStmts")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DB_JDBC_PARAMETERS");
    }
}
