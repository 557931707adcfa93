package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

    @Test
    void theAdminPortAndStallLimitHaveDocumentedDefaults() {
        RelayConfig config = RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev")));

        assertThat(config.adminPort()).isEqualTo(9101);
        assertThat(config.stallAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void zeroTakesAnyFreeAdminPort() {
        assertThat(RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_ADMIN_PORT", "0")))
                        .adminPort())
                .isZero();
    }

    @Test
    void aBadAdminPortOrStallLimitIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> RelayConfig.fromEnv(
                        new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_ADMIN_PORT", "ninety-one-oh-one"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RELAY_ADMIN_PORT");
        assertThatThrownBy(() -> RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_ADMIN_PORT", "70000"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RELAY_ADMIN_PORT");
        assertThatThrownBy(() -> RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_STALL_AFTER_MS", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RELAY_STALL_AFTER_MS");
    }

    @Test
    void theRelayLingersOnlyAfterABatchThatShowsLoad() {
        RelayConfig config = RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_BATCH_LINGER_MS", "20")));

        assertThat(config.lingerAfter(RelayConfig.LINGER_FROM_MESSAGES)).isEqualTo(Duration.ofMillis(20));
        assertThat(config.lingerAfter(500)).isEqualTo(Duration.ofMillis(20));
        assertThat(config.lingerAfter(RelayConfig.LINGER_FROM_MESSAGES - 1)).isZero();
        assertThat(config.lingerAfter(0)).isZero();
    }

    @Test
    void aZeroLingerNeverWaitsAndALingerOverASecondIsRefused() {
        RelayConfig noLinger = RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_BATCH_LINGER_MS", "0")));

        assertThat(noLinger.lingerAfter(2048)).isZero();
        assertThatThrownBy(() ->
                        RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_BATCH_LINGER_MS", "1001"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RELAY_BATCH_LINGER_MS");
    }
}
