package dev.outboxcdc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    @Test
    void theAdminPortDefaultsTo9102AndZeroTakesAnyFreeOne() {
        assertThat(WorkerConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev"))).adminPort())
                .isEqualTo(9102);
        assertThat(WorkerConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "WORKER_ADMIN_PORT", "0")))
                        .adminPort())
                .isZero();
    }

    @Test
    void aBadAdminPortIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> WorkerConfig.fromEnv(new Env(Map.of("OUTBOX_ENV", "dev", "WORKER_ADMIN_PORT", "-1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("WORKER_ADMIN_PORT");
    }
}
