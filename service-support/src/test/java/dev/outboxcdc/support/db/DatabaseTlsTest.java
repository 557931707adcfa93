package dev.outboxcdc.support.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.support.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTlsTest {

    @Test
    void eachModeIsSpelledAsEachDriverAndConnectorWantsIt() {
        assertThat(DatabaseTls.VERIFY_FULL.jdbcParameter(DatabaseFlavor.MARIADB))
                .isEqualTo("sslMode=verify-full");
        assertThat(DatabaseTls.VERIFY_FULL.jdbcParameter(DatabaseFlavor.MYSQL)).isEqualTo("sslMode=VERIFY_IDENTITY");
        assertThat(DatabaseTls.VERIFY_FULL.debeziumMode(DatabaseFlavor.MARIADB)).isEqualTo("verify-full");
        assertThat(DatabaseTls.VERIFY_FULL.debeziumMode(DatabaseFlavor.MYSQL)).isEqualTo("verify_identity");
        assertThat(DatabaseTls.REQUIRED.jdbcParameter(DatabaseFlavor.MARIADB)).isEqualTo("sslMode=trust");
        assertThat(DatabaseTls.REQUIRED.jdbcParameter(DatabaseFlavor.MYSQL)).isEqualTo("sslMode=REQUIRED");
    }

    @Test
    void theDefaultKeepsEachDriversOwnBehaviour() {
        DatabaseSettings settings =
                DatabaseSettings.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev")), "outbox_api", "api-secret");

        assertThat(settings.tls()).isEqualTo(DatabaseTls.DRIVER_DEFAULT);
        assertThat(settings.jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .endsWith("&sslMode=disable");
        assertThat(settings.jdbcUrl(DatabaseFlavor.MYSQL, Duration.ofSeconds(3)))
                .endsWith("&sslMode=PREFERRED");
    }

    @Test
    void dbTlsSelectsTheMode() {
        Env env = new Env(Map.of("OUTBOX_ENV", "dev", "DB_TLS", "verify_full"));

        assertThat(DatabaseSettings.fromEnv(env, "outbox_api", "api-secret")
                        .jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .contains("sslMode=verify-full");
    }
}
