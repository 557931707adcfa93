package dev.outboxcdc.ctl.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.support.config.Env;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private final ReplayGuard guard = ReplayGuard.fromEnv(new Env(Map.of("WORKER_RETENTION_HOURS", "24")));

    @Test
    void anEventCreatedWithinTheConsumersDedupWindowMayBeSentAgain() {
        assertThat(guard.outsideWindow(NOW.minus(Duration.ofHours(23)), NOW)).isFalse();
    }

    @Test
    void anEventCreatedBeforeTheWindowMayHaveBeenForgottenAndIsRefused() {
        assertThat(guard.outsideWindow(NOW.minus(Duration.ofHours(24)).minusSeconds(1), NOW))
                .isTrue();
    }

    @Test
    void anEventOfUnknownAgeIsRefusedToo() {
        assertThat(guard.outsideWindow(Optional.empty(), NOW)).isTrue();
    }

    @Test
    void theWindowIsTheWorkersDefaultWhenUnset() {
        assertThat(ReplayGuard.fromEnv(new Env(Map.of())).dedupWindow()).isEqualTo(Duration.ofHours(240));
    }

    @Test
    void theRefusalSaysHowManyWhyAndHowToOverride() {
        assertThat(guard.refusal(3, "--force"))
                .startsWith("3 of the selected events were created more than WORKER_RETENTION_HOURS=24 h ago")
                .contains("Nothing was sent")
                .contains("--force sends them anyway");
    }
}
