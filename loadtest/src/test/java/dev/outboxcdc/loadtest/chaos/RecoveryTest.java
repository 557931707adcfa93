package dev.outboxcdc.loadtest.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    @Test
    void aRestartSplitsTheRecoveryIntoTheFaultTheProcessStartAndCatchingUp() {
        Recovery recovery = new Recovery(Duration.ofMillis(6100),
                Optional.of(new Recovery.Restart("chaos-relay-2", Duration.ofMillis(2000), Duration.ofMillis(1300))));

        assertThat(recovery.catchingUp()).isEqualTo(Duration.ofMillis(2800));
        assertThat(recovery.describe())
                .isEqualTo("6.1 s (chaos-relay-2 launched after 2.0 s, process start 1.3 s, catching up 2.8 s)");
    }

    @Test
    void withoutARestartTheWholeRecoveryIsCatchingUp() {
        Recovery recovery = Recovery.withoutRestart(Duration.ofMillis(4200));

        assertThat(recovery.catchingUp()).isEqualTo(Duration.ofMillis(4200));
        assertThat(recovery.describe()).isEqualTo("4.2 s (no service restarted: catching up 4.2 s)");
    }

    @Test
    void aBacklogGoneBeforeTheRestartedServiceWasReadyLeavesNothingToCatchUp() {
        Recovery recovery = new Recovery(Duration.ofMillis(1000),
                Optional.of(new Recovery.Restart("chaos-worker-3", Duration.ofMillis(500), Duration.ofMillis(1500))));

        assertThat(recovery.catchingUp()).isZero();
    }
}
