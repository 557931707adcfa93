package dev.outboxcdc.relay.cdc;

import dev.outboxcdc.relay.metrics.EngineMBeans;
import dev.outboxcdc.relay.metrics.RelayMetrics;
import dev.outboxcdc.support.metrics.Readiness;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What the CDC relay's {@code /health/ready} says: ready when streaming with its lease, its binlog
 * reader connected and not stalled (see {@link StallWatch}); otherwise its state and why.
 */
final class CdcReadiness {
    private final String relayName;
    private final RelayMetrics metrics;
    private final Jdbi jdbi;
    private final StallWatch stallWatch;
    private final Clock clock;

    CdcReadiness(String relayName, RelayMetrics metrics, Jdbi jdbi, StallWatch stallWatch, Clock clock) {
        this.relayName = relayName;
        this.metrics = metrics;
        this.jdbi = jdbi;
        this.stallWatch = stallWatch;
        this.clock = clock;
    }

    Readiness now() {
        RelayMetrics.State state = metrics.state();
        return switch (state) {
            case STREAMING -> streaming();
            case STANDBY ->
                Readiness.down(
                        "STANDBY",
                        "another relay named " + relayName + " holds the lease; this one takes over when it stops");
            case SNAPSHOTTING ->
                Readiness.down("SNAPSHOTTING", "publishing the rows already in the outbox table before streaming");
            case RESTARTING ->
                Readiness.down("RESTARTING", "the CDC engine stopped; restarting it from the stored offset");
            default -> Readiness.down(state.name(), "not streaming yet");
        };
    }

    private Readiness streaming() {
        if (!metrics.leaseHeld()) {
            return Readiness.down("DOWN", "the relay lease was lost with its database session");
        }
        if (EngineMBeans.streaming("Connected").orElse(true) instanceof Boolean connected && !connected) {
            return Readiness.down("DOWN", "the binlog reader is not connected to the database");
        }
        String reader = EngineMBeans.streaming("BinlogFilename").orElse("?") + ":"
                + EngineMBeans.streaming("BinlogPosition").orElse("?");
        String server;
        try {
            server = jdbi
                    .withHandle(handle -> handle.createQuery("SHOW BINARY LOGS")
                            .map((row, ctx) -> row.getString(1) + ":" + row.getLong(2))
                            .list())
                    .stream()
                    .reduce((first, second) -> second)
                    .orElse("none");
        } catch (RuntimeException e) {
            return Readiness.down("DOWN", "the database does not answer: " + e.getMessage());
        }
        return stallWatch
                .stalled(reader, server, clock.instant())
                .map(reason -> Readiness.down("STALLED", reason))
                .orElseGet(Readiness::up);
    }
}
