package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.testsupport.ServiceProcess;
import dev.outboxcdc.testsupport.TestEnvironment;
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
        List<String> before = rows.insertConcurrently(1, 2, 5);
        awaitAllDelivered(before);
        assertThat(relay.terminate(Duration.ofSeconds(10))).isZero();

        List<String> whileDown = rows.insertConcurrently(2, 5, 10);
        db.purgeBinaryLogsButTheNewest(Duration.ofSeconds(30));
        ServiceProcess restarted = startRelay(relayEnvironment);

        awaitAllDelivered(whileDown);
        assertThat(restarted.output()).contains("no longer on the server");
    }

    @Test
    void aWrongPasswordExitsNonZeroWithAOneLineReason() throws Exception {
        ServiceProcess relay = ServiceProcess.start("dev.outboxcdc.relay.Main",
                TestEnvironment.get().variables(Map.of("DB_PASSWORD", "wrong-password", "RELAY_NAME", RELAY_NAME)),
                "relay-wrong-password");
        relays.add(relay);

        int status = relay.awaitExit(Duration.ofSeconds(30));

        assertThat(status).isNotZero();
        assertThat(relay.output()).contains("relay cannot start").contains("Access denied").doesNotContain("\tat ");
    }
}
