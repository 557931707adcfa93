package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the CDC relay does when its stored position is gone or it cannot start at all. */
class CdcRelayRecoveryIT extends RelayTestBase {
    @Override
    Map<String, String> modeEnvironment() {
        return Map.of("RELAY_MODE", "cdc");
    }

    @Test
    void aVeryFirstStartPublishesTheRowsWrittenBeforeIt() throws Exception {
        List<String> ids = rows.insertConcurrently(2, 5, 10);
        // No stored offsets is exactly what a relay sees the first time it starts.
        db.execute("DELETE FROM outbox.relay_offsets_it_relay");

        startRelay();

        awaitAllDelivered(ids);
    }

    @Test
    void purgedBinaryLogsWhileDownLeadToRepublishingTheOutboxTable() throws Exception {
        purgeWhileDownAndRestart(Map.of());
    }

    @Test
    void purgedBinaryLogsAreRepublishedEvenByARelayThatStartsFromNow() throws Exception {
        purgeWhileDownAndRestart(Map.of("RELAY_SNAPSHOT_MODE", "no_data"));
    }

    private void purgeWhileDownAndRestart(Map<String, String> relayEnvironment) throws Exception {
        ServiceProcess relay = startRelay(relayEnvironment);
        awaitStreaming(relay);
        List<String> before = rows.insertConcurrently(1, 2, 5);
        awaitAllDelivered(before);
        relay.stopCleanly(Duration.ofSeconds(10));

        List<String> whileDown = rows.insertConcurrently(2, 5, 10);
        db.purgeBinaryLogsButTheNewest(Duration.ofSeconds(30));
        ServiceProcess restarted = startRelay(relayEnvironment);

        awaitAllDelivered(whileDown);
        assertThat(restarted.output()).contains("no longer on the server");
    }

    @Test
    void anIdleOutboxOnABusyServerKeepsItsStoredPositionAtTheBinlogsEndSoThatAPurgeNeedsNoRepublication()
            throws Exception {
        db.execute(
                "CREATE TABLE IF NOT EXISTS outbox.it_other_writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP(6))");
        try {
            ServiceProcess relay = startRelay(Map.of("RELAY_HEARTBEAT_INTERVAL_MS", "1000"));
            List<String> before = rows.insertConcurrently(1, 1, 3);
            awaitAllDelivered(before);
            String fileOfTheLastEvent = storedBinlogFile();

            // Only another table changes, in a newer binlog file.
            db.execute("FLUSH BINARY LOGS");
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        db.execute("INSERT INTO outbox.it_other_writes (at) VALUES (CURRENT_TIMESTAMP(6))");
                        return !storedBinlogFile().equals(fileOfTheLastEvent);
                    });
            relay.stopCleanly(Duration.ofSeconds(10));
            // What binlog expiry does: every file older than the one the relay stored is purged.
            db.execute("PURGE BINARY LOGS TO '" + storedBinlogFile() + "'");
            assertThat(binaryLogs()).doesNotContain(fileOfTheLastEvent);

            ServiceProcess restarted = startRelay(Map.of("RELAY_HEARTBEAT_INTERVAL_MS", "1000"));
            List<String> after = rows.insertConcurrently(1, 1, 3);

            awaitAllDelivered(after);
            assertThat(restarted.output()).doesNotContain("no longer on the server");
            assertThat(duplicatesOf(before)).isZero();
        } finally {
            db.execute("DROP TABLE IF EXISTS outbox.it_other_writes");
        }
    }

    @Test
    void aSchemaHistoryEmptiedWhileTheRelayIsDownIsRebuiltAndTheRelayResumesFromItsStoredOffset() throws Exception {
        restartAfterLosingTheSchemaHistory("DELETE FROM outbox.relay_schema_history_it_relay");
    }

    @Test
    void aSchemaHistoryDroppedWhileTheRelayIsDownIsRebuiltAndTheRelayResumesFromItsStoredOffset() throws Exception {
        restartAfterLosingTheSchemaHistory("DROP TABLE outbox.relay_schema_history_it_relay");
    }

    private void restartAfterLosingTheSchemaHistory(String loss) throws Exception {
        ServiceProcess relay = startRelay();
        List<String> before = rows.insertConcurrently(2, 3, 5);
        awaitAllDelivered(before);
        relay.stopCleanly(Duration.ofSeconds(10));
        db.execute(loss);
        List<String> whileDown = rows.insertConcurrently(2, 3, 5);

        ServiceProcess restarted = startRelay();

        awaitAllDelivered(whileDown);
        assertThat(restarted.output())
                .contains("rebuilding it from the current schema")
                .doesNotContain("no longer on the server");
        assertThat(duplicatesOf(before))
                .as("events published before the stop, published again")
                .isZero();
        assertThat(db.count("SELECT COUNT(*) FROM outbox.relay_schema_history_it_relay"))
                .isPositive();
    }

    private String storedBinlogFile() {
        return db.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT JSON_UNQUOTE(JSON_EXTRACT(offset_val, '$.file')) FROM outbox.relay_offsets_it_relay")
                        .mapTo(String.class)
                        .findOne()
                        .orElse(""));
    }

    private List<String> binaryLogs() {
        return db.jdbi()
                .withHandle(handle -> handle.createQuery("SHOW BINARY LOGS")
                        .map((row, ctx) -> row.getString(1))
                        .list());
    }

    @Test
    void aWrongPasswordExitsNonZeroWithAOneLineReason() throws Exception {
        ServiceProcess relay = ServiceProcess.start(
                "dev.outboxcdc.relay.Main",
                TestEnvironment.get().variables(Map.of("DB_PASSWORD", "wrong-password", "RELAY_NAME", RELAY_NAME)),
                "relay-wrong-password");
        relays.add(relay);

        int status = relay.awaitExit(Duration.ofSeconds(30));

        assertThat(status).isNotZero();
        assertThat(relay.output())
                .contains("relay cannot start")
                .contains("Access denied")
                .doesNotContain("\tat ");
    }
}
