package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.tools.LoadTest;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.report.Report;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's flow, end to end, through real processes: POST -> outbox -> binlog -> RabbitMQ -> worker. */
class EndToEndIT {
    private static ServiceStack stack;
    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.admin();
        stack = new ServiceStack("e2e", Map.of()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        db.close();
    }

    private Report load(long requests, int concurrency) throws InterruptedException {
        return load(requests, concurrency, 0);
    }

    private Report load(long requests, int concurrency, double updateRatio) throws InterruptedException {
        String runId = "e2e" + UUID.randomUUID().toString().substring(0, 8);
        LoadOptions options =
                new LoadOptions(stack.apiUrl, 0, concurrency, Duration.ofMinutes(2), requests, runId, updateRatio);
        return new LoadTest(verifier(), System.out).run(options, Duration.ofSeconds(90));
    }

    private PipelineVerifier verifier() {
        return new PipelineVerifier(db.jdbi(), stack.database.name(), stack.consumer);
    }

    @Test
    void fiveHundredConcurrentRegistrationsHaveExactlyFiveHundredEffectsEachOnce() throws Exception {
        Report report = load(500, 32);

        assertThat(report.ok()).isEqualTo(500);
        assertThat(report.created()).isEqualTo(500);
        assertThat(report.handled()).isEqualTo(500);
        assertThat(report.lost()).isZero();
        assertThat(report.duplicateEffects()).isZero();
        assertThat(stack.worker().output()).contains("Handling [CustomerCreated] - Payload: '{\"id\":\"");
        assertThat(stack.relay().output()).contains("Published messages: [");
    }

    @Test
    void aSmallLoadTestVerifiesNothingLostAndNoEffectTwice() throws Exception {
        Report report = load(300, 8);

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.endToEndMillis().p50()).isPositive();
        assertThat(report.httpMillis().p99()).isPositive();
    }

    @Test
    void aLoadTestMixingUpdatesSeesEveryUpdateAppliedInOrderAndTheReadModelAtTheCommittedState() throws Exception {
        Report report = load(1_200, 16, 0.6);

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.updated()).as("updates answered 200").isGreaterThan(400);
        assertThat(report.updates().committed()).isEqualTo(report.updated());
        assertThat(report.updates().applied()).isEqualTo(report.updates().committed());
        assertThat(report.ok()).isEqualTo(report.created() + report.updated());
        assertThat(report.updateCommittedToAppliedMillis().p50()).isPositive();
        assertThat(report.backlog().get(report.backlog().size() - 1).committed())
                .as("every event counted once in the pipeline's series: one per create, one per update")
                .isEqualTo(report.created() + report.updates().committed());
        assertThat(stack.worker().output()).contains("Handling [CustomerUpdated] - Payload: '{\"id\":\"");
    }

    @Test
    void theVerificationSeesAReadModelRowThatDiffersFromItsCustomerAndAVersionTakenBeforeItsPredecessor()
            throws Exception {
        Report report = load(200, 8, 0.5);
        assertThat(report.passed()).as(report.summary()).isTrue();
        String schema = stack.database.name();
        String runId = report.runId();
        String customer = db.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT c.id FROM " + schema + ".customers c"
                                + " WHERE c.email LIKE CONCAT(:run, '-%') AND c.version >= 2 LIMIT 1")
                        .bind("run", runId)
                        .mapTo(String.class)
                        .one());

        db.jdbi().useHandle(handle -> {
            handle.execute("UPDATE " + schema + ".customer_directory SET name = 'tampered' WHERE id = ?", customer);
            handle.execute(
                    "UPDATE " + schema
                            + ".customer_directory_changes SET seq = seq + 1000000000 WHERE customer_id = ? AND version = 1",
                    customer);
        });
        PipelineVerifier.Updates updates = verifier().verify(runId).updates();

        assertThat(updates.staleReadModel()).isEqualTo(1);
        assertThat(updates.outOfOrder()).isEqualTo(1);
        assertThat(updates.intact()).isFalse();
    }
}
