package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.SecondSubscriber;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestDatabase;
import dev.outboxcdc.tools.LoadTest;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.report.Report;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two subscribers of one stream, each with a database of its own: the worker and the loyalty
 * example (built on the consumer library's public API). Each gets every event exactly once; the
 * second one down changes nothing for the first, and catches up when it is back.
 */
class FanOutIT {
    private static final Duration CATCH_UP = Duration.ofMinutes(2);
    private static ServiceStack stack;
    private static SecondSubscriber loyalty;
    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.admin();
        stack = new ServiceStack("fan-out", Map.of()).start();
        loyalty = new SecondSubscriber(stack).start();
    }

    @AfterAll
    static void stop() throws Exception {
        loyalty.close();
        stack.close();
        db.close();
    }

    @Test
    void eachSubscriberGetsEveryEventOnceInItsOwnDatabase() throws Exception {
        Report report = load(300);

        assertThat(report.passed()).as(report.summary()).isTrue();
        awaitTheSecondAgreesWithTheOutbox();
        assertThat(loyalty.process().output()).contains("points for customer");
    }

    @Test
    void theSecondKilledUnderLoadChangesNothingForTheFirstAndCatchesUpWhenBack() throws Exception {
        long before = credits();
        CompletableFuture<Report> running = CompletableFuture.supplyAsync(() -> load(600));
        await().atMost(CATCH_UP)
                .untilAsserted(() -> assertThat(credits() - before)
                        .as("the second subscriber is crediting when it is killed")
                        .isGreaterThan(20));

        loyalty.process().kill();
        long atKill = credits();
        Report report = running.get();

        assertThat(report.passed())
                .as("the first subscriber: " + report.summary())
                .isTrue();
        assertThat(credits()).as("nothing credited while it was down").isEqualTo(atKill);
        loyalty.start();
        awaitTheSecondAgreesWithTheOutbox();
    }

    /** Every outbox row credited once in the second subscriber's database, and nothing else. */
    private static void awaitTheSecondAgreesWithTheOutbox() {
        String outbox = stack.database.table("outbox");
        String ledger = loyalty.database.table("points_ledger");
        long started = System.nanoTime();
        await().atMost(CATCH_UP)
                .untilAsserted(() -> assertThat(db.count("SELECT COUNT(*) FROM " + outbox + " o WHERE NOT EXISTS"
                                + " (SELECT 1 FROM " + ledger + " l WHERE l.message_id = o.id)"))
                        .as("outbox rows not credited")
                        .isZero());
        System.out.printf(
                "the second subscriber agreed with the outbox after %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(db.count("SELECT COUNT(*) FROM " + ledger)).isEqualTo(db.count("SELECT COUNT(*) FROM " + outbox));
        assertThat(db.count("SELECT COUNT(*) FROM (SELECT message_id FROM " + ledger
                        + " GROUP BY message_id HAVING COUNT(*) > 1) twice"))
                .as("events credited twice")
                .isZero();
    }

    private static long credits() {
        return loyalty.count("FROM points_ledger");
    }

    private static Report load(long requests) {
        String runId = "fan" + UUID.randomUUID().toString().substring(0, 8);
        LoadOptions options = new LoadOptions(stack.apiUrl, 0, 8, Duration.ofMinutes(2), requests, runId, 0.5);
        try {
            return new LoadTest(new PipelineVerifier(db.jdbi(), stack.database.name(), stack.consumer), System.out)
                    .run(options, Duration.ofSeconds(90));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
