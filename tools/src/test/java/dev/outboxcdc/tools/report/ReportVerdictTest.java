package dev.outboxcdc.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportVerdictTest {

    @Test
    void aRunWhoseRequestsAllFailedAndThatCreatedNothingFailsSayingSo() {
        assertThat(Report.failureReasons(819_382, 0, 819_382, 0, 0, 0))
                .containsExactly("no event was created", "819382 of 819382 requests failed");
    }

    @Test
    void aCleanRunPasses() {
        assertThat(Report.failureReasons(3_000, 3_000, 0, 3_000, 0, 0)).isEmpty();
    }

    @Test
    void lostEventsAndSecondEffectsAreNamedAsSuch() {
        assertThat(Report.failureReasons(100, 100, 0, 100, 2, 1))
                .containsExactly("2 events lost", "1 effects applied twice");
    }

    @Test
    void anEventCreatedForARequestThatDidNotSucceedIsAnAmbiguousCommitNotALoss() {
        assertThat(Report.failureReasons(100, 99, 1, 100, 0, 0))
                .containsExactly("1 of 100 requests failed", "1 ambiguous commits (committed, but the request failed)");
    }

    @Test
    void aSuccessWithoutItsCustomerIsNamedAsSuch() {
        assertThat(Report.failureReasons(100, 100, 0, 99, 0, 0))
                .containsExactly("1 requests answered 201 without their customer");
    }

    @Test
    void updatesAllAnsweredAndAppliedInOrderPass() {
        assertThat(Report.updateFailureReasons(500, new Report.UpdateCounts(500, 500, 0, 0)))
                .isEmpty();
    }

    @Test
    void anUpdateNotAppliedAppliedOutOfOrderOrLeftStaleIsNamedAsSuch() {
        assertThat(Report.updateFailureReasons(500, new Report.UpdateCounts(500, 497, 2, 1)))
                .containsExactly(
                        "3 updates not applied to the read model",
                        "1 updates applied before their predecessor",
                        "2 customers whose read model differs from their committed state");
    }

    @Test
    void anUpdateCommittedForARequestThatFailedIsAmbiguousAndA200WithoutItsVersionIsNamed() {
        assertThat(Report.updateFailureReasons(499, new Report.UpdateCounts(500, 500, 0, 0)))
                .containsExactly("1 ambiguous updates (committed, but the request failed)");
        assertThat(Report.updateFailureReasons(501, new Report.UpdateCounts(500, 500, 0, 0)))
                .containsExactly("1 updates answered 200 without their version");
    }
}
