package dev.outboxcdc.worker.consume;

import dev.outboxcdc.support.amqp.BrokerBlocking;
import dev.outboxcdc.support.db.DatabaseWritability;
import dev.outboxcdc.support.metrics.Readiness;
import java.util.Optional;

/**
 * {@code /health/ready} of the worker: consuming (connected, every consumer subscribed), not blocked
 * by a broker alarm (its retries and parked copies are publishes), and its database taking writes.
 */
public final class WorkerHealth {
    private final WorkerRunner runner;
    private final DatabaseWritability database;
    private final BrokerBlocking blocking;

    public WorkerHealth(WorkerRunner runner, DatabaseWritability database, BrokerBlocking blocking) {
        this.runner = runner;
        this.database = database;
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
        return database.problem().orElseGet(Readiness::up);
    }
}
