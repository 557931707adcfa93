package dev.outboxcdc.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    @Test
    void aRestartSplitsTheRecoveryIntoLaunchProcessStartAndCatchingUp() {
        Recovery recovery = new Recovery(
                Duration.ofSeconds(2),
                Duration.ofMillis(4100),
                Optional.of(new Recovery.Restart("chaos-relay-2", Duration.ofMillis(100), Duration.ofMillis(1300))));

        assertThat(recovery.catchingUp()).isEqualTo(Duration.ofMillis(2700));
        assertThat(recovery.describe("the restart"))
                .isEqualTo("4.1 s after the restart (down 2.0 s before it;"
                        + " chaos-relay-2 launched after 0.1 s, process start 1.3 s, catching up 2.7 s)");
    }

    @Test
    void withoutARestartTheWholeRecoveryIsCatchingUp() {
        Recovery recovery = Recovery.withoutRestart(Duration.ZERO, Duration.ofMillis(4200));

        assertThat(recovery.catchingUp()).isEqualTo(Duration.ofMillis(4200));
        assertThat(recovery.describe("the kill"))
                .isEqualTo("4.2 s after the kill (no service restarted: catching up 4.2 s)");
    }

    @Test
    void aBacklogGoneBeforeTheRestartedServiceWasReadyLeavesNothingToCatchUp() {
        Recovery recovery = new Recovery(
                Duration.ZERO,
                Duration.ofMillis(1000),
                Optional.of(new Recovery.Restart("chaos-worker-3", Duration.ofMillis(500), Duration.ofMillis(1500))));

        assertThat(recovery.catchingUp()).isZero();
    }

    @Test
    void theLongestPartNamesWhatTookTheTime() {
        Recovery slowStart = new Recovery(
                Duration.ZERO,
                Duration.ofMillis(6000),
                Optional.of(new Recovery.Restart("chaos-relay-3", Duration.ofMillis(200), Duration.ofMillis(3900))));
        Recovery slowCatchUp = Recovery.withoutRestart(Duration.ofSeconds(5), Duration.ofMillis(12300));

        assertThat(slowStart.longestPart()).isEqualTo("process start of chaos-relay-3 3.9 s");
        assertThat(slowCatchUp.longestPart()).isEqualTo("catching up 12.3 s");
    }
}
