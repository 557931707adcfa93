package dev.outboxcdc.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.loadtest.bench.ServiceStack;
import dev.outboxcdc.loadtest.load.LoadOptions;
import dev.outboxcdc.loadtest.report.Report;
import dev.outboxcdc.loadtest.verify.PipelineVerifier;
import dev.outboxcdc.testsupport.TestDatabase;
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
        String runId = "e2e" + UUID.randomUUID().toString().substring(0, 8);
        LoadOptions options = new LoadOptions(stack.apiUrl, 0, concurrency, Duration.ofMinutes(2), requests, runId);
        return new LoadTest(new PipelineVerifier(db.jdbi(), stack.database.name(), stack.consumer), System.out).run(options, Duration.ofSeconds(90));
    }

    @Test
    void fiveHundredConcurrentRegistrationsHaveExactlyFiveHundredEffectsEachOnce() throws Exception {
        Report report = load(500, 32);

        assertThat(report.ok()).isEqualTo(500);
        assertThat(report.created()).isEqualTo(500);
        assertThat(report.handled()).isEqualTo(500);
        assertThat(report.lost()).isZero();
        assertThat(report.duplicateEffects()).isZero();
        assertThat(stack.worker.output()).contains("Handling [CustomerCreated] - Payload: '{\"id\":\"");
        assertThat(stack.relay.output()).contains("Published messages: [");
    }

    @Test
    void aSmallLoadTestVerifiesNothingLostAndNoEffectTwice() throws Exception {
        Report report = load(300, 8);

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.endToEndMillis().p50()).isPositive();
        assertThat(report.httpMillis().p99()).isPositive();
    }
}
