package dev.outboxcdc.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.db.FlavorSetting;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertThatThrownBy(() -> env.millis("RELAY_POLL_INTERVAL_MS", Duration.ofMillis(10),
                Duration.ofMillis(1), Duration.ofSeconds(60)))
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
        assertThat(new Env(Map.of("RELAY_DECLARES_SUBSCRIBER", "FALSE")).bool("RELAY_DECLARES_SUBSCRIBER", true)).isFalse();
        assertThat(new Env(Map.of()).bool("RELAY_DECLARES_SUBSCRIBER", true)).isTrue();
        assertThatThrownBy(() -> new Env(Map.of("RELAY_DECLARES_SUBSCRIBER", "yes")).bool("RELAY_DECLARES_SUBSCRIBER", true))
                .hasMessage("Invalid RELAY_DECLARES_SUBSCRIBER='yes': expected true or false");
    }
}
