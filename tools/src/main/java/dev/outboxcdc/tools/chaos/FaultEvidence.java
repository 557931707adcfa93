package dev.outboxcdc.tools.chaos;

import java.time.Duration;
import java.util.Optional;

/**
 * What a scenario saw of its own fault: a scenario whose fault had no effect (nothing in flight at
 * the kill, no 503 during the database outage, no offset reset) proves nothing and fails.
 *
 * A fault that was seen but not recovered from within a generous bound is a different failure,
 * reported as such.
 *
 * @param takeover    scenario 7: from killing the active relay until the standby published
 * @param unrecovered what did not recover within its bound, with the time it was given
 */
record FaultEvidence(boolean proved, String observed, Optional<Duration> takeover, Optional<String> unrecovered) {

    FaultEvidence(boolean proved, String observed, Optional<Duration> takeover) {
        this(proved, observed, takeover, Optional.empty());
    }

    static FaultEvidence of(boolean proved, String observed) {
        return new FaultEvidence(proved, observed, Optional.empty(), Optional.empty());
    }

    FaultEvidence unrecovered(String what) {
        return new FaultEvidence(proved, observed, takeover, Optional.of(what));
    }
}
