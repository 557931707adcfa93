package dev.outboxcdc.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.db.FlavorSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvTest {

    @Test
    void missingOrBlankVariableFallsBackToTheDefault() {
        Env env = new Env(Map.of("BLANK", "  "));
        assertThat(env.string("MISSING", "fallback")).isEqualTo("fallback");
        assertThat(env.string("BLANK", "fallback")).isEqualTo("fallback");
        assertThat(env.integer("MISSING", 7, 1, 10)).isEqualTo(7);
    }

    @Test
    void outOfRangeNumberIsRejectedNamingTheVariable() {
        Env env = new Env(Map.of("PORT", "70000"));
        assertThatThrownBy(() -> env.integer("PORT", 3000, 1, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid PORT='70000': expected a whole number from 1 to 65535");
    }

    @Test
    void nonNumericValueIsRejectedNamingTheVariable() {
        Env env = new Env(Map.of("RELAY_POLL_INTERVAL_MS", "fast"));
        assertThatThrownBy(() -> env.millis(
                        "RELAY_POLL_INTERVAL_MS", Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofSeconds(60)))
                .hasMessageContaining("RELAY_POLL_INTERVAL_MS='fast'");
    }

    @Test
    void choiceIsCaseInsensitiveAndListsTheOptionsWhenWrong() {
        assertThat(new Env(Map.of("DB_FLAVOR", "MariaDB")).choice("DB_FLAVOR", FlavorSetting.AUTO))
                .isEqualTo(FlavorSetting.MARIADB);
        assertThatThrownBy(() -> new Env(Map.of("DB_FLAVOR", "oracle")).choice("DB_FLAVOR", FlavorSetting.AUTO))
                .hasMessage("Invalid DB_FLAVOR='oracle': expected one of auto|mariadb|mysql");
    }

    @Test
    void aFlagIsTrueOrFalseInAnyCaseAndAnythingElseIsRejectedNamingTheVariable() {
        assertThat(new Env(Map.of("RELAY_DECLARES_SUBSCRIBER", "FALSE")).bool("RELAY_DECLARES_SUBSCRIBER", true))
                .isFalse();
        assertThat(new Env(Map.of()).bool("RELAY_DECLARES_SUBSCRIBER", true)).isTrue();
        assertThatThrownBy(() ->
                        new Env(Map.of("RELAY_DECLARES_SUBSCRIBER", "yes")).bool("RELAY_DECLARES_SUBSCRIBER", true))
                .hasMessage("Invalid RELAY_DECLARES_SUBSCRIBER='yes': expected true or false");
    }

    @Test
    void aSecretLeftUnsetStopsTheServiceNamingItUnlessTheEnvironmentIsDevelopment() {
        assertThatThrownBy(() -> new Env(Map.of()).secret("DB_PASSWORD", "api-secret"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "DB_PASSWORD is not set (nor DB_PASSWORD_FILE): set it, or OUTBOX_ENV=dev to use the local-development default");
        assertThat(new Env(Map.of("OUTBOX_ENV", "dev")).secret("DB_PASSWORD", "api-secret"))
                .isEqualTo("api-secret");
        assertThat(new Env(Map.of("DB_PASSWORD", "s3cret")).secret("DB_PASSWORD", "api-secret"))
                .isEqualTo("s3cret");
    }

    @Test
    void aSecretIsReadFromTheFileItsFileVariableNames(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("db-password"), "from a file\n");

        assertThat(new Env(Map.of("DB_PASSWORD_FILE", file.toString())).secret("DB_PASSWORD", "api-secret"))
                .isEqualTo("from a file");
        assertThatThrownBy(() -> new Env(Map.of(
                                "DB_PASSWORD_FILE", dir.resolve("missing").toString()))
                        .secret("DB_PASSWORD", "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot read DB_PASSWORD_FILE=");
        assertThatThrownBy(() -> new Env(Map.of("DB_PASSWORD", "a", "DB_PASSWORD_FILE", file.toString()))
                        .secret("DB_PASSWORD", "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Both DB_PASSWORD and DB_PASSWORD_FILE are set: set only one");
    }

    @Test
    void anUnknownEnvironmentIsRefused() {
        assertThatThrownBy(() -> new Env(Map.of("OUTBOX_ENV", "staging")).secret("AMQP_URI", "amqp://guest:guest@x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OUTBOX_ENV");
    }
}
