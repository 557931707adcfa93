package dev.outboxcdc.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.tools.chaos.BacklogWatch.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacklogWatchTest {
    private static final Instant LET_BACK = Instant.parse("2026-12-02T10:00:10Z");

    private static Sample within(int second) {
        return new Sample(Instant.parse("2026-12-02T10:00:00Z").plusSeconds(second), false);
    }

    private static Sample over(int second) {
        return new Sample(Instant.parse("2026-12-02T10:00:00Z").plusSeconds(second), true);
    }

    @Test
    void theRecoveryEndsWhereTheBacklogWasOverItsLimitForTheLastTime() {
        List<Sample> samples = List.of(within(9), over(10), over(11), within(12), over(13), within(14), within(15));

        assertThat(BacklogWatch.settledSince(samples, LET_BACK))
                .contains(within(14).at());
    }

    @Test
    void aBacklogThatHadNotBuiltUpYetWhenThePipelineWasLetBackIsNotARecovery() {
        // a standby taking over: right after the kill the backlog is small, then it grows
        List<Sample> samples = List.of(within(10), within(11), over(12), over(13), within(14));

        assertThat(BacklogWatch.settledSince(samples, LET_BACK))
                .contains(within(14).at());
    }

    @Test
    void aBacklogNeverOverItsLimitRecoveredAtTheFirstLookAfterTheLetBack() {
        assertThat(BacklogWatch.settledSince(List.of(within(9), within(10), within(11)), LET_BACK))
                .contains(within(10).at());
    }

    @Test
    void aBacklogStillOverItsLimitHasNotRecovered() {
        assertThat(BacklogWatch.settledSince(List.of(over(10), within(11), over(12)), LET_BACK))
                .isEmpty();
    }
}
