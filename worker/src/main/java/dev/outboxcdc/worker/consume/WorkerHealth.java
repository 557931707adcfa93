package dev.outboxcdc.worker.consume;

import dev.outboxcdc.support.metrics.Readiness;
import org.jdbi.v3.core.Jdbi;

/** {@code /health/ready} of the worker: consuming (connected, every consumer subscribed) and its database answering. */
public final class WorkerHealth {
    private final WorkerRunner runner;
    private final Jdbi jdbi;

    public WorkerHealth(WorkerRunner runner, Jdbi jdbi) {
        this.runner = runner;
        this.jdbi = jdbi;
    }

    public Readiness readiness() {
        if (!runner.consuming()) {
            return Readiness.down("DOWN", "not consuming: connecting to the broker");
        }
        try {
            jdbi.useHandle(handle ->
                    handle.createQuery("SELECT 1").mapTo(Integer.class).one());
        } catch (RuntimeException e) {
            return Readiness.down("DOWN", "the database does not answer: " + e.getMessage());
        }
        return Readiness.up();
    }
}
