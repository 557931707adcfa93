package dev.outboxcdc.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.variables.ApiVariables;
import dev.outboxcdc.support.config.variables.BrokerVariables;
import dev.outboxcdc.support.config.variables.DatabaseVariables;
import dev.outboxcdc.support.config.variables.RelayVariables;
import dev.outboxcdc.support.config.variables.ServiceVariables;
import dev.outboxcdc.support.db.FlavorSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvTest {
    private static final Setting<String> DB_PASSWORD = DatabaseVariables.DB_PASSWORD;

    @Test
    void missingOrBlankVariableFallsBackToTheDefault() {
        Env env = new Env(Map.of("DB_HOST", "  "));
        assertThat(env.get(DatabaseVariables.DB_HOST)).isEqualTo("127.0.0.1");
        assertThat(env.get(DatabaseVariables.DB_PORT)).isEqualTo(3307);
        assertThat(env.find(DatabaseVariables.DB_HOST)).isEmpty();
        assertThat(env.get(DatabaseVariables.DB_USER, "outbox_api")).isEqualTo("outbox_api");
    }

    @Test
    void outOfRangeNumberIsRejectedNamingTheVariableTheValueAndWhatIsAllowed() {
        Env env = new Env(Map.of("PORT", "70000"));
        assertThatThrownBy(() -> env.get(ApiVariables.PORT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid PORT='70000': expected a whole number from 0 to 65535");
    }

    @Test
    void aDurationIsAWholeNumberOfTheUnitItsNameEndsWith() {
        assertThat(new Env(Map.of("RELAY_POLL_INTERVAL_MS", "250")).get(RelayVariables.RELAY_POLL_INTERVAL_MS, null))
                .isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> new Env(Map.of("RELAY_POLL_INTERVAL_MS", "fast"))
                        .get(RelayVariables.RELAY_POLL_INTERVAL_MS, Duration.ofMillis(10)))
                .hasMessage(
                        "Invalid RELAY_POLL_INTERVAL_MS='fast': expected a whole number of milliseconds from 1 to 600000");
    }

    @Test
    void choiceIsCaseInsensitiveAndListsTheOptionsWhenWrong() {
        assertThat(new Env(Map.of("DB_FLAVOR", "MariaDB")).get(DatabaseVariables.DB_FLAVOR))
                .isEqualTo(FlavorSetting.MARIADB);
        assertThatThrownBy(() -> new Env(Map.of("DB_FLAVOR", "oracle")).get(DatabaseVariables.DB_FLAVOR))
                .hasMessage("Invalid DB_FLAVOR='oracle': expected one of auto|mariadb|mysql");
        assertThatThrownBy(() -> new Env(Map.of("RELAY_MODE", "push")).get(RelayVariables.RELAY_MODE))
                .hasMessage("Invalid RELAY_MODE='push': expected one of cdc|polling");
    }

    @Test
    void aFlagIsTrueOrFalseInAnyCaseAndAnythingElseIsRejectedNamingTheVariable() {
        Setting<Boolean> declares = RelayVariables.RELAY_DECLARES_SUBSCRIBER;
        assertThat(new Env(Map.of("RELAY_DECLARES_SUBSCRIBER", "FALSE")).get(declares))
                .isFalse();
        assertThat(new Env(Map.of()).get(declares)).isTrue();
        assertThatThrownBy(() -> new Env(Map.of("RELAY_DECLARES_SUBSCRIBER", "yes")).get(declares))
                .hasMessage("Invalid RELAY_DECLARES_SUBSCRIBER='yes': expected true or false");
    }

    @Test
    void aListIsParsedByItsSettingAndABadOneRefusedWithTheSameKindOfMessage() {
        assertThat(new Env(Map.of("WORKER_RETRY_DELAYS_MS", "200, 400")).get(BrokerVariables.WORKER_RETRY_DELAYS_MS))
                .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThatThrownBy(() ->
                        new Env(Map.of("WORKER_RETRY_DELAYS_MS", "200,0")).get(BrokerVariables.WORKER_RETRY_DELAYS_MS))
                .hasMessage("Invalid WORKER_RETRY_DELAYS_MS='200,0': expected positive milliseconds separated by"
                        + " commas, e.g. 1000,5000,30000");
        assertThat(new Env(Map.of()).get(BrokerVariables.WORKER_RETRY_DELAYS_MS))
                .isEqualTo(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    @Test
    void logFormatIsLowerCaseOnlyBecauseLogbackPicksTheAppenderByIt() {
        assertThatThrownBy(() -> new Env(Map.of("LOG_FORMAT", "JSON")).get(ServiceVariables.LOG_FORMAT))
                .hasMessage("Invalid LOG_FORMAT='JSON': expected text or json");
        assertThat(new Env(Map.of("LOG_FORMAT", "json")).get(ServiceVariables.LOG_FORMAT))
                .isEqualTo(LogFormat.JSON);
    }

    @Test
    void aSecretLeftUnsetStopsTheServiceNamingItUnlessTheEnvironmentIsDevelopment() {
        assertThatThrownBy(() -> new Env(Map.of()).get(DB_PASSWORD, "api-secret"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "DB_PASSWORD is not set (nor DB_PASSWORD_FILE): set it, or OUTBOX_ENV=dev to use the local-development default");
        assertThat(new Env(Map.of("OUTBOX_ENV", "dev")).get(DB_PASSWORD, "api-secret"))
                .isEqualTo("api-secret");
        assertThat(new Env(Map.of("DB_PASSWORD", "s3cret")).get(DB_PASSWORD, "api-secret"))
                .isEqualTo("s3cret");
    }

    @Test
    void aSecretIsReadFromTheFileItsFileVariableNames(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("db-password"), "from a file\n");

        assertThat(new Env(Map.of("DB_PASSWORD_FILE", file.toString())).get(DB_PASSWORD, "api-secret"))
                .isEqualTo("from a file");
        assertThatThrownBy(() -> new Env(Map.of(
                                "DB_PASSWORD_FILE", dir.resolve("missing").toString()))
                        .get(DB_PASSWORD, "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot read DB_PASSWORD_FILE=");
        assertThatThrownBy(() ->
                        new Env(Map.of("DB_PASSWORD", "a", "DB_PASSWORD_FILE", file.toString())).get(DB_PASSWORD, "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Both DB_PASSWORD and DB_PASSWORD_FILE are set: set only one");
    }

    @Test
    void anUnknownEnvironmentIsRefused() {
        assertThatThrownBy(() -> new Env(Map.of("OUTBOX_ENV", "staging")).get(BrokerVariables.AMQP_URI))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid OUTBOX_ENV='staging': expected one of dev|production");
    }
}
