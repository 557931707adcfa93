package dev.outboxcdc.loadtest.chaos;

import java.time.Duration;
import java.util.Optional;

/**
 * What a scenario saw of its own fault: a scenario whose fault had no effect (nothing in flight at
 * the kill, no 503 during the database outage, no offset reset) proves nothing and fails.
 *
 * @param takeover scenario 7: from killing the active relay until the standby published
 */
record FaultEvidence(boolean proved, String observed, Optional<Duration> takeover) {

    static FaultEvidence of(boolean proved, String observed) {
        return new FaultEvidence(proved, observed, Optional.empty());
    }
}
