package dev.outboxcdc.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.MetricsScrape;
import dev.outboxcdc.harness.ScratchDatabase;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.relay.state.RelayLease;
import dev.outboxcdc.support.amqp.EventTopology;
import dev.outboxcdc.testsupport.TestQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Fencing: a relay whose lease session is cut while its engine still streams stops storing offsets
 * (and publishing) before the standby takes over; never two relays storing offsets for one name.
 */
class RelayFencingIT {
    private static final String OFFSET_COMMITS = "outbox_relay_offset_commits_total";

    @Test
    void aRelayWhoseLeaseSessionIsCutStopsStoringOffsetsAndTheStandbyTakesOverWithNothingLost() throws Exception {
        String name = "it-fencing-" + Long.toHexString(System.nanoTime());
        String exchange = "it.fencing." + UUID.randomUUID();
        try (ScratchDatabase database = ScratchDatabase.create("fencing").withApiSchema();
                TestDatabase admin = TestDatabase.admin();
                TestQueue queue = TestQueue.bound(TestEnvironment.get().amqp(), exchange, "#");
                ServiceProcess active = RelayInOwnDatabase.start(database, name, exchange, 5701);
                ServiceProcess standby = ServiceProcess.start(
                        "dev.outboxcdc.relay.Main",
                        TestEnvironment.get()
                                .variables(Map.of(
                                        "DB_NAME",
                                        database.name(),
                                        "RELAY_NAME",
                                        name,
                                        EventTopology.EXCHANGE_VARIABLE,
                                        exchange,
                                        "RELAY_SERVER_ID",
                                        "5702")),
                        name + "-standby")) {
            String before = insert(admin, database);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> queue.distinctIds().contains(before));
            await().atMost(Duration.ofSeconds(30)).until(() -> standby.output().contains("standing by"));
            double activeCommits = commits(active);
            assertThat(activeCommits).as("the active relay stored offsets").isPositive();
            assertThat(commits(standby)).as("the standby stored none").isZero();

            long leaseSession = admin.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT IS_USED_LOCK(:name)")
                            .bind("name", RelayLease.lockName(name))
                            .mapTo(Long.class)
                            .one());
            admin.execute("KILL CONNECTION " + leaseSession);
            List<String> after = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                after.add(insert(admin, database));
            }

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> queue.distinctIds().containsAll(after));
            assertThat(active.output()).contains("the relay lease was lost");
            assertThat(standby.output()).contains("took the lease over from another relay");
            assertThat(commits(active))
                    .as("no offset stored by the relay that lost its lease")
                    .isEqualTo(activeCommits);
            assertThat(commits(standby)).as("the new holder stores them").isPositive();
            assertThat(active.isAlive()).as("it stands by now").isTrue();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> active.output().contains("another relay named " + name + " is active"));
        }
    }

    private static String insert(TestDatabase admin, ScratchDatabase database) {
        String id = UUID.randomUUID().toString();
        admin.execute(
                "INSERT INTO " + database.table("outbox") + " (id, aggregatetype, aggregateid, type, payload)"
                        + " VALUES (?, 'fencing', 'a', 'Tested', '{}')",
                id);
        return id;
    }

    private static double commits(ServiceProcess relay) throws Exception {
        return MetricsScrape.of(relay.metricsUrl().orElseThrow()).sum(OFFSET_COMMITS);
    }
}
