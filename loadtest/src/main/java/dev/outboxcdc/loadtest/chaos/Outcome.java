package dev.outboxcdc.loadtest.chaos;

import dev.outboxcdc.loadtest.load.LoadResult;
import dev.outboxcdc.loadtest.verify.PipelineVerifier.Verification;
import java.time.Duration;

/** What one scenario did to the pipeline, checked against the database. */
public record Outcome(Scenario scenario, LoadResult load, Verification verification, Duration recovery) {

    public boolean passed() {
        return verification.passed() && (!scenario.expectNoDuplicateDeliveries() || verification.duplicateDeliveries() == 0);
    }

    public String line() {
        return String.format("%d. %-38s ok %d, failed %d %s, events created %d, handled %d, lost %d,"
                        + " duplicate deliveries %d, duplicate effects %d, recovered in %.1f s -> %s",
                scenario.number(), scenario.name(), load.ok(), load.failed(), load.statuses(), verification.created(),
                verification.handled(), verification.lost(), verification.duplicateDeliveries(),
                verification.duplicateEffects(), recovery.toMillis() / 1000.0, passed() ? "PASS" : "FAIL");
    }

    String tableRow() {
        return String.format("| %d | %s | %d | %d %s | %d | %d | %d | %d | %d | %.1f s | %s |", scenario.number(),
                scenario.name(), load.ok(), load.failed(), load.statuses(), verification.created(), verification.handled(),
                verification.lost(), verification.duplicateDeliveries(), verification.duplicateEffects(),
                recovery.toMillis() / 1000.0, passed() ? "pass" : "**FAIL**");
    }
}
