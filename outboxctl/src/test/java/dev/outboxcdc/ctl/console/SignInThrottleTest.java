package dev.outboxcdc.ctl.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    private static final Duration LOCK = Duration.ofMinutes(15);
    private static final String ADDRESS = "203.0.113.7";

    private final SignInThrottle throttle = new SignInThrottle(LOCK);
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aNameGetsTwoFreeTriesThenGrowingDelaysThenIsLocked() {
        assertThat(failUntilLocked("alice", ADDRESS)).isEqualTo(5);
        assertThat(throttle.waitAfter(1, SignInThrottle.PER_NAME)).isZero();
        assertThat(throttle.waitAfter(2, SignInThrottle.PER_NAME)).isZero();
        assertThat(throttle.waitAfter(3, SignInThrottle.PER_NAME)).isEqualTo(Duration.ofMillis(250));
        assertThat(throttle.waitAfter(4, SignInThrottle.PER_NAME)).isEqualTo(Duration.ofMillis(500));
        assertThat(throttle.waitAfter(5, SignInThrottle.PER_NAME)).isEqualTo(LOCK);
    }

    @Test
    void whileANameWaitsEvenTheRightPasswordIsNotCheckedAndTheWaitIsNotProlonged() {
        failUntilLocked("alice", ADDRESS);
        Instant lockedAt = now;

        now = lockedAt.plus(LOCK).minusMillis(1);
        SignInThrottle.Admission refused = throttle.admit("alice", "198.51.100.1", now);
        now = lockedAt.plus(LOCK);
        SignInThrottle.Admission afterTheLock = throttle.admit("alice", "198.51.100.1", now);

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal()).hasValueSatisfying(why -> assertThat(why).startsWith("name 'alice' waits until"));
        assertThat(afterTheLock.admitted())
                .as("refused attempts did not extend the lock")
                .isTrue();
    }

    @Test
    void afterALockOneMoreFailureLocksAgainAndASuccessStartsAfresh() {
        failUntilLocked("alice", ADDRESS);
        now = now.plus(LOCK);

        SignInThrottle.Admission again = throttle.admit("alice", ADDRESS, now);
        now = now.plus(LOCK);
        throttle.admit("alice", ADDRESS, now);
        throttle.succeeded("alice", ADDRESS);

        assertThat(again.locksStarted()).singleElement().asString().startsWith("name 'alice' locked until");
        assertThat(failUntilLocked("alice", "198.51.100.1")).isEqualTo(5);
    }

    @Test
    void oneAddressTryingManyNamesIsLockedAtItsTwentiethFailure() {
        int failures = 0;
        SignInThrottle.Admission admission;
        do {
            admission = throttle.admit("name-" + failures, ADDRESS, now);
            assertThat(admission.admitted()).isTrue();
            failures++;
            now = now.plus(throttle.waitAfter(failures, SignInThrottle.PER_ADDRESS));
        } while (admission.locksStarted().isEmpty());

        assertThat(failures).isEqualTo(20);
        assertThat(admission.locksStarted()).singleElement().asString().startsWith("address " + ADDRESS + " locked");
        assertThat(throttle.admit("someone-else", ADDRESS, now.minusMillis(1)).admitted())
                .isFalse();
        assertThat(throttle.admit("someone-else", "198.51.100.1", now.minusMillis(1))
                        .admitted())
                .as("another address")
                .isTrue();
    }

    @Test
    void attemptsSentAtOnceAreCountedAsTheyAreLetInNotWhenTheirPasswordsAreChecked() {
        // four attempts in the same instant, none of them checked yet
        boolean first = throttle.admit("alice", ADDRESS, now).admitted();
        boolean second = throttle.admit("alice", ADDRESS, now).admitted();
        boolean third = throttle.admit("alice", ADDRESS, now).admitted();
        boolean fourth = throttle.admit("alice", ADDRESS, now).admitted();

        assertThat(new boolean[] {first, second, third, fourth}).containsExactly(true, true, true, false);
    }

    @Test
    void aThousandGuessesAgainstOneNameTakeMoreThanAnHourAtAnyRate() {
        // The fastest attacker there can be: each guess at the very moment the throttle lets it in
        // (a guess earlier is refused unchecked and changes nothing, as the tests above show).
        Instant start = now;
        int checked = 0;
        while (checked < 1000) {
            SignInThrottle.Admission admission = throttle.admit("alice", "198.51.100." + (checked % 250), now);
            assertThat(admission.admitted()).isTrue();
            checked++;
            Duration wait = throttle.waitAfter(checked, SignInThrottle.PER_NAME);
            if (!wait.isZero()) {
                assertThat(throttle.admit("alice", "192.0.2.1", now.plus(wait).minusMillis(1))
                                .admitted())
                        .as("a guess 1 ms before the wait ends")
                        .isFalse();
            }
            now = now.plus(wait.isZero() ? Duration.ofMillis(1) : wait);
        }
        Duration took = Duration.between(start, now);
        System.out.printf(
                "1000 guesses against one name, each at the first moment allowed, took %d h %d min (lock %d min)%n",
                took.toHours(), took.toMinutesPart(), LOCK.toMinutes());

        assertThat(took).isGreaterThan(Duration.ofHours(1));
    }

    @Test
    void failuresAreForgottenADayAfterTheLast() {
        for (int i = 0; i < 4; i++) {
            throttle.admit("alice", ADDRESS, now);
        }
        now = now.plus(SignInThrottle.FORGET_AFTER).plusSeconds(1);

        assertThat(failUntilLocked("alice", "198.51.100.1")).isEqualTo(5);
    }

    /** Fails sign-ins of {@code name} from {@code address}, each as soon as allowed, until one locks; returns how many. */
    private int failUntilLocked(String name, String address) {
        for (int failures = 1; ; failures++) {
            SignInThrottle.Admission admission = throttle.admit(name, address, now);
            assertThat(admission.admitted()).as("attempt %d", failures).isTrue();
            if (!admission.locksStarted().isEmpty()) {
                return failures;
            }
            now = now.plus(throttle.waitAfter(failures, SignInThrottle.PER_NAME));
        }
    }
}
