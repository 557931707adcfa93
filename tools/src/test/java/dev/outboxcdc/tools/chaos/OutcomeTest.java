package dev.outboxcdc.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.tools.load.LoadResult;
import dev.outboxcdc.tools.load.RequestTiming;
import dev.outboxcdc.tools.verify.PipelineVerifier.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OutcomeTest {
    private static final Scenario KILL_THE_DATABASE = new Scenario(
            5,
            "kill -9 the database",
            false,
            "the database answered again",
            Optional.of(Duration.ofSeconds(10)),
            (stack, clock) -> null);
    private static final FaultEvidence SEEN = FaultEvidence.of(true, "131 answers 503, then 201 again");
    static final Outcome.Timeline TIMELINE = new Outcome.Timeline(
            Instant.parse("2026-11-28T10:00:00Z"),
            Duration.ofSeconds(5),
            Duration.ofMillis(7300),
            Duration.ofMillis(10300));

    @Test
    void aCustomerCommittedWhoseRequestFailedIsAnAmbiguousCommitNotALoss() {
        Outcome outcome = outcome(8908, 8909, 8909, 0, SEEN);

        assertThat(outcome.ambiguousCommits()).isEqualTo(1);
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.tableRow()).contains("| 8909 | 1 | 8909 | 0 |");
    }

    @Test
    void aFaultWithoutVisibleEffectFailsTheScenarioEvenWithNothingLost() {
        Outcome outcome = outcome(3000, 3000, 3000, 0, FaultEvidence.of(false, "0 answers 503, and no 201 after them"));

        assertThat(outcome.failureReasons())
                .containsExactly("the fault had no visible effect (0 answers 503, and no 201 after them)");
        assertThat(outcome.tableRow())
                .endsWith("**FAIL**: the fault had no visible effect (0 answers 503, and no 201 after them) |");
    }

    @Test
    void aFaultSeenButNotRecoveredFromIsASlowRecoveryNotAnInvisibleFault() {
        FaultEvidence seenNotRecovered = FaultEvidence.of(true, "2 unconfirmed publishes just before the kill")
                .unrecovered("the restarted relay's lag stayed at 1 s or more for 120 s after it started");

        assertThat(outcome(750, 750, 750, 0, seenNotRecovered).failureReasons())
                .containsExactly(
                        "slow recovery: the restarted relay's lag stayed at 1 s or more for 120 s after it started");
    }

    @Test
    void aSuccessWithoutItsCustomerAndLostEventsAreNamed() {
        Outcome outcome = outcome(3000, 2999, 2990, 0, SEEN);

        assertThat(outcome.failureReasons())
                .containsExactly(
                        "9 events lost, 0 effects applied twice", "1 requests answered 201 without their customer");
    }

    @Test
    void duplicateDeliveriesFailOnlyAScenarioThatPromisesNone() {
        Scenario cleanStop = new Scenario(3, "SIGTERM", true, "the restart", Optional.empty(), (stack, clock) -> null);
        Verification redelivered = new Verification(100, 100, 0, 0, 4, List.of());

        assertThat(new Outcome(
                                KILL_THE_DATABASE,
                                load(100),
                                redelivered,
                                Recovery.withoutRestart(Duration.ZERO, Duration.ZERO),
                                SEEN,
                                TIMELINE,
                                Outcome.Targets.ENFORCED)
                        .passed())
                .isTrue();
        assertThat(new Outcome(
                                cleanStop,
                                load(100),
                                redelivered,
                                Recovery.withoutRestart(Duration.ZERO, Duration.ZERO),
                                SEEN,
                                TIMELINE,
                                Outcome.Targets.ENFORCED)
                        .failureReasons())
                .containsExactly("4 duplicate deliveries after a clean stop");
    }

    @Test
    void theTakeoverTimeHasItsColumn() {
        FaultEvidence takenOver = new FaultEvidence(
                true, "standby stood by, published after the kill", Optional.of(Duration.ofMillis(1400)));

        assertThat(outcome(100, 100, 100, 0, takenOver).tableRow()).contains("| 1.4 s | pass |");
    }

    @Test
    void aTakeoverSlowerThanFiveSecondsFailsTheScenario() {
        FaultEvidence slow = new FaultEvidence(
                true, "standby stood by, published after the kill", Optional.of(Duration.ofMillis(6200)));

        assertThat(outcome(100, 100, 100, 0, slow).failureReasons())
                .containsExactly("takeover took 6.2 s, over the 5 s target");
    }

    @Test
    void aRecoveryOverItsTargetFailsMakeChaosNamingThePartThatTookTheTime() {
        Recovery slow = new Recovery(
                Duration.ofSeconds(2),
                Duration.ofMillis(11400),
                Optional.of(new Recovery.Restart("chaos-api-2", Duration.ofMillis(300), Duration.ofMillis(8100))));

        assertThat(outcome(100, 100, 100, slow, Outcome.Targets.ENFORCED).failureReasons())
                .containsExactly(
                        "slow recovery: 11.4 s after the database answered again, over the 10 s target; longest part: process start of chaos-api-2 8.1 s");
        assertThat(outcome(100, 100, 100, slow, Outcome.Targets.REPORTED).passed())
                .isTrue();
        assertThat(outcome(100, 100, 100, slow, Outcome.Targets.REPORTED).tableRow())
                .contains(
                        "| 11.4 s after the database answered again, target 10 s (down 2.0 s before it; chaos-api-2 launched after 0.3 s,");
    }

    private static Outcome outcome(long ok, long created, long handled, long duplicateEffects, FaultEvidence evidence) {
        Verification verification =
                new Verification(created, handled, created - handled, duplicateEffects, 0, List.of());
        return new Outcome(
                KILL_THE_DATABASE,
                load(ok),
                verification,
                Recovery.withoutRestart(Duration.ofSeconds(2), Duration.ofSeconds(3)),
                evidence,
                TIMELINE,
                Outcome.Targets.ENFORCED);
    }

    private static Outcome outcome(long ok, long created, long handled, Recovery recovery, Outcome.Targets targets) {
        Verification verification = new Verification(created, handled, created - handled, 0, 0, List.of());
        return new Outcome(KILL_THE_DATABASE, load(ok), verification, recovery, SEEN, TIMELINE, targets);
    }

    private static LoadResult load(long ok) {
        Map<Long, RequestTiming> created =
                LongStream.rangeClosed(1, ok).boxed().collect(Collectors.toMap(n -> n, n -> new RequestTiming(0, 0)));
        return new LoadResult(
                ok + 1,
                ok,
                Map.of(201, ok),
                0,
                new Histogram(3),
                Duration.ofSeconds(15),
                List.of(),
                List.of(),
                created,
                0,
                Map.of());
    }
}
