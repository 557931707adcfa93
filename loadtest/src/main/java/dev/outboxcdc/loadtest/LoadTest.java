package dev.outboxcdc.loadtest;

import dev.outboxcdc.loadtest.load.LoadGenerator;
import dev.outboxcdc.loadtest.load.LoadOptions;
import dev.outboxcdc.loadtest.load.LoadResult;
import dev.outboxcdc.loadtest.report.Report;
import dev.outboxcdc.loadtest.verify.PipelineVerifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One load-test run: drive the api, print progress every second, wait (bounded) for the pipeline
 * to drain, then verify against the database and build the report.
 */
public final class LoadTest {
    private final PipelineVerifier verifier;
    private final PrintStream out;

    public LoadTest(PipelineVerifier verifier, PrintStream out) {
        this.verifier = verifier;
        this.out = out;
    }

    public Report run(LoadOptions options, Duration drainTimeout) throws InterruptedException {
        LoadGenerator generator = new LoadGenerator(options);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        progress.scheduleAtFixedRate(() -> printProgress(generator, options.runId(), started), 1, 1, TimeUnit.SECONDS);
        LoadResult load;
        try {
            load = generator.run();
        } finally {
            progress.shutdownNow();
        }
        drain(options.runId(), load.ok(), drainTimeout);
        Report report = Report.of(options.runId(), options.rate(), options.concurrency(), load,
                verifier.verify(options.runId()), verifier.handledEpochMicros(options.runId()));
        out.println(report.summary());
        return report;
    }

    private void printProgress(LoadGenerator generator, String runId, long started) {
        long handled = verifier.handled(runId);
        long perSecond = generator.tick();
        out.printf("t=%3ds sent %d  ok %d  errors %d  %d req/s  handled %d  lag %d%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), generator.sent(), generator.ok(),
                generator.errors(), perSecond, handled, Math.max(0, generator.ok() - handled));
    }

    /** Waits until every created customer's event is handled, or the timeout passes. */
    private void drain(String runId, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long handled = verifier.handled(runId);
        while (handled < expected && System.nanoTime() < deadline) {
            out.printf("draining: handled %d of %d%n", handled, expected);
            TimeUnit.MILLISECONDS.sleep(500);
            handled = verifier.handled(runId);
        }
    }
}
