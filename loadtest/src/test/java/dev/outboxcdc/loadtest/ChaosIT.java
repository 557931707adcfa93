package dev.outboxcdc.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.loadtest.chaos.ChaosSuite;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast subset of `make chaos`: kill -9 of the relay and of the worker under a low load. */
class ChaosIT {

    @Test
    void killingTheRelayOrTheWorkerMidStreamLosesNothingAndDuplicatesNoEffect() throws Exception {
        var outcomes = ChaosSuite.run(List.of(1, 2), 50, Duration.ofSeconds(15));

        assertThat(outcomes).hasSize(2);
        outcomes.forEach(outcome -> assertThat(outcome.passed()).as(outcome.line()).isTrue());
    }
}
