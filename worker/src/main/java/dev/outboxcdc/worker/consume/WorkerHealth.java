package dev.outboxcdc.worker.consume;

import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.metrics.Readiness;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code /health/ready} of the worker: consuming (connected, every consumer subscribed), not blocked
 * by a broker alarm (its retries and parked copies are publishes), and its database answering.
 */
public final class WorkerHealth {
    private final WorkerRunner runner;
    private final Jdbi jdbi;
    private final BrokerBlocking blocking;

    public WorkerHealth(WorkerRunner runner, Jdbi jdbi, BrokerBlocking blocking) {
        this.runner = runner;
        this.jdbi = jdbi;
        this.blocking = blocking;
    }

    public Readiness readiness() {
        Optional<Readiness> blocked = blocking.readiness();
        if (blocked.isPresent()) {
            return blocked.get();
        }
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
