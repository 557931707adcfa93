package dev.outboxcdc.relay.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.DebeziumException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class EngineOutcomeTest {

    @Test
    void theServersRefusalOfAPurgedPositionIsAPurgedBinlog() {
        EngineOutcome outcome = new EngineOutcome(
                false,
                "Engine has failed",
                new DebeziumException(
                        "binlog failed",
                        new SQLException(
                                "Could not find first log file name in binary log index file Error code: 1236")));

        assertThat(outcome.isPurgedBinlog()).isTrue();
    }

    @Test
    void theConnectorsOwnRefusalOfTheStoredPositionIsAPurgedBinlog() {
        // What Debezium 3.5's MariaDB connector says after a failover to a replica writing in the
        // old primary's GTID domain under its own server id.
        EngineOutcome outcome = new EngineOutcome(
                false,
                "1 task(s) out of 1 failed to start",
                new DebeziumException(
                        "The connector is trying to read change stream starting at BinlogOffsetContext{...}, but this is no longer"
                                + " available on the server. Reconfigure the connector to use a snapshot mode when needed."));

        assertThat(outcome.isPurgedBinlog()).isTrue();
    }

    @Test
    void anUnreachableServerIsNotAPurgedBinlog() {
        EngineOutcome outcome = new EngineOutcome(
                false,
                "Engine has failed",
                new DebeziumException(
                        "connect failed", new SQLException("Communications link failure: Connection refused")));

        assertThat(outcome.isPurgedBinlog()).isFalse();
    }
}
