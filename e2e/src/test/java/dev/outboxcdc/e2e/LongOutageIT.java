package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.tools.load.LoadGenerator;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.load.LoadResult;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import dev.outboxcdc.tools.verify.PipelineVerifier.Verification;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A relay down for longer than the binlog is kept and than the consumers remember processed ids:
 * when it comes back, it re-publishes what it had not passed (nothing lost) and nothing the
 * consumers forgot (no second effect). Time passes by moving every timestamp of the run back.
 */
class LongOutageIT {
    private static final Duration ELEVEN_DAYS = Duration.ofDays(11);

    @Test
    void aRelayBackAfterItsBinlogAndTheConsumersDedupRecordsExpiredLosesNothingAndAppliesNothingTwice()
            throws Exception {
        try (TestDatabase db = TestDatabase.admin();
                ServiceStack stack = new ServiceStack("long-outage", Map.of()).start()) {
            String run = "lo" + UUID.randomUUID().toString().substring(0, 8);
            String schema = stack.database.name();
            PipelineVerifier verifier = new PipelineVerifier(db.jdbi(), schema, stack.consumer);
            register(stack, run, 30);
            long before = verifier.created(run);
            await().atMost(Duration.ofSeconds(60)).until(() -> verifier.handled(run) == before);
            String offsets = schema + "."
                    + db.jdbi()
                            .withHandle(handle -> handle.createQuery(
                                            "SELECT table_name FROM information_schema.tables WHERE table_schema = :schema AND table_name LIKE 'relay_offsets%'")
                                    .bind("schema", schema)
                                    .mapTo(String.class)
                                    .one());
            stack.relay().stopCleanly(Duration.ofSeconds(15));

            // Eleven days pass: longer than the 10-day dedup window (WORKER_RETENTION_HOURS) and the binlog expiry.
            long seconds = ELEVEN_DAYS.toSeconds();
            db.execute("UPDATE " + schema + ".outbox SET created_at = created_at - INTERVAL " + seconds + " SECOND");
            db.execute("UPDATE " + schema + ".processed_messages SET processed_at = processed_at - INTERVAL " + seconds
                    + " SECOND");
            db.execute("UPDATE " + offsets
                    + " SET offset_val = JSON_SET(offset_val, '$.ts_sec', JSON_EXTRACT(offset_val, '$.ts_sec') - "
                    + seconds + ")");
            stack.worker().terminate(Duration.ofSeconds(15));
            stack.startWorker();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.count(
                                    "SELECT COUNT(*) FROM " + schema + ".processed_messages WHERE consumer = ?",
                                    stack.consumer)
                            == 0);
            assertThat(stack.worker().output()).contains("retention: deleted " + before + " processed-message records");

            String later = run + "b";
            register(stack, later, 20);
            db.purgeBinaryLogsButTheNewest(Duration.ofSeconds(30));
            stack.startRelay();

            long whileDown = verifier.created(later);
            await().atMost(Duration.ofSeconds(90)).until(() -> verifier.handled(later) == whileDown);
            Verification publishedBefore = verifier.verify(run);
            Verification writtenWhileDown = verifier.verify(later);
            assertThat(writtenWhileDown.lost()).isZero();
            assertThat(publishedBefore.lost()).isZero();
            assertThat(publishedBefore.duplicateEffects())
                    .as("second effects of events published before the outage")
                    .isZero();
            assertThat(stack.relay().output())
                    .contains("no longer on the server")
                    .contains("are not re-published");
        }
    }

    /**
     * Registers customers, closed loop. The test goes on with the customers that exist (the database
     * decides, ambiguous commits included): a request answered 503 or cut on a loaded machine does not
     * decide what this test is about, so only other answers fail it.
     */
    private static void register(ServiceStack stack, String run, long customers) throws InterruptedException {
        LoadGenerator generator =
                new LoadGenerator(new LoadOptions(stack.apiUrl, 0, 4, Duration.ofMinutes(1), customers, run));
        LoadResult result = generator.run();
        if (result.ok() < customers) {
            System.out.printf(
                    "registrations: %d of %d answered 201 (answers by status: %s, transport errors: %d)%n",
                    result.ok(), customers, result.statuses(), result.transportErrors());
        }
        assertThat(result.statuses().keySet()).as("answers by status").isSubsetOf(201, 503);
        assertThat(result.ok()).as("registrations answered 201").isGreaterThan(customers / 2);
    }
}
