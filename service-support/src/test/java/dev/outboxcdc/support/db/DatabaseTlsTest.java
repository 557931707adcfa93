package dev.outboxcdc.support.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aCaFileIsUsedByBothDriversAndRefusedWithoutTls(@TempDir Path directory) throws Exception {
        Path ca = TestCertificates.selfSigned(directory, "ca", "-1d", 30);
        Env verifying = new Env(Map.of("OUTBOX_ENV", "dev", "DB_TLS", "verify_full", "DB_TLS_CA_FILE", ca.toString()));
        DatabaseSettings settings = DatabaseSettings.fromEnv(verifying, "outbox_api", "api-secret");

        assertThat(settings.jdbcUrl(DatabaseFlavor.MARIADB, Duration.ofSeconds(3)))
                .contains("&sslMode=verify-full&serverSslCert=" + ca.toAbsolutePath());
        assertThat(settings.jdbcUrl(DatabaseFlavor.MYSQL, Duration.ofSeconds(3)))
                .contains("&sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:"
                        + settings.tlsCa().orElseThrow().trustStore());
        assertThatThrownBy(() -> DatabaseSettings.fromEnv(
                        new Env(Map.of("OUTBOX_ENV", "dev", "DB_TLS_CA_FILE", ca.toString())),
                        "outbox_api",
                        "api-secret"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("DB_TLS_CA_FILE is set, but DB_TLS is driver_default: set DB_TLS=verify_full to check the"
                        + " server against it");
    }
}
