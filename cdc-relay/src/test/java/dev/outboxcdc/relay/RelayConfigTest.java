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
        assertThat(RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_ADMIN_PORT", "0"))).adminPort()).isZero();
    }

    @Test
    void aBadAdminPortOrStallLimitIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_ADMIN_PORT", "ninety-one-oh-one"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RELAY_ADMIN_PORT");
        assertThatThrownBy(() -> RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_ADMIN_PORT", "70000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RELAY_ADMIN_PORT");
        assertThatThrownBy(() -> RelayConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "RELAY_STALL_AFTER_MS", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RELAY_STALL_AFTER_MS");
    }
}
