package dev.outboxcdc.tools.chaos;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The two moments of a fault that its recovery is measured by: when it hit (the kill, the first
 * stop) and when the scenario let the pipeline back (the restart, the database answering again).
 * A recovery target counts from the second: the time a scenario holds a service down on purpose
 * (its 2 s pause, the database's own restart) is the fault, not the recovery. A scenario that
 * marks neither is taken to hit and let back when its fault step began.
 */
final class FaultClock {
    private final Instant loadStarted;
    private final Instant stepStarted = Instant.now();
    private @Nullable Instant hit;
    private @Nullable Instant letBack;

    FaultClock(Instant loadStarted) {
        this.loadStarted = loadStarted;
    }

    /** When the scenario's load started: its per-second series count from here. */
    Instant loadStarted() {
        return loadStarted;
    }

    /** The fault hits now (call right after the kill or the first stop). */
    void hit() {
        hit = Instant.now();
    }

    /** The scenario lets the pipeline back now (call right before the restart, or once the server answers again). */
    void letBack() {
        letBack = Instant.now();
    }

    Instant hitAt() {
        return hit != null ? hit : stepStarted;
    }

    Instant letBackAt() {
        return letBack != null ? letBack : hitAt();
    }
}
