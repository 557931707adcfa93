package dev.outboxcdc.tools;

import dev.outboxcdc.support.errors.ErrorMessages;
import dev.outboxcdc.tools.load.LoadGenerator;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.load.LoadResult;
import dev.outboxcdc.tools.report.Report;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One load-test run: drive the api, print progress every second, wait (bounded) for the pipeline
 * to drain, then verify against the database and build the report. The handled count is read on a
 * thread of its own, so that a database that is down or slow (a fault being injected) never stops
 * the progress line: it says the database is unavailable and resumes when it is back.
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
        HandledCount handled = new HandledCount();
        ScheduledExecutorService progress = Executors.newScheduledThreadPool(2);
        long started = System.nanoTime();
        ScheduledFuture<?> unused1 =
                progress.scheduleWithFixedDelay(() -> handled.refresh(options.runId()), 0, 1, TimeUnit.SECONDS);
        ScheduledFuture<?> unused2 = progress.scheduleAtFixedRate(
                () -> printProgress(generator, handled, started, options.updateRatio() > 0), 1, 1, TimeUnit.SECONDS);
        LoadResult load;
        try {
            load = generator.run();
        } finally {
            progress.shutdownNow();
        }
        drain(options.runId(), load.createdOk(), drainTimeout);
        Report report = Report.of(
                options.runId(),
                options.rate(),
                options.concurrency(),
                options.updateRatio(),
                load,
                verifier.verify(options.runId()),
                verifier.handledEpochMicros(options.runId()));
        out.println(report.summary());
        return report;
    }

    private void printProgress(LoadGenerator generator, HandledCount handled, long started, boolean updates) {
        long perSecond = generator.tick();
        String unavailable = handled.unavailable;
        long count = handled.count;
        out.printf(
                "t=%3ds sent %d  ok %d  errors %d  %d req/s  handled %d  lag %d%s%s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                generator.sent(),
                generator.ok(),
                generator.errors(),
                perSecond,
                count,
                Math.max(0, generator.created() - count),
                updates ? "  updates pending " + handled.pendingUpdates : "",
                unavailable == null ? "" : "  (database unavailable, counts from before: " + unavailable + ")");
    }

    /** The last handled count (and updates pending) read from the database, or why it could not be read. */
    private final class HandledCount {
        private volatile long count;
        private volatile long pendingUpdates;
        private volatile @Nullable String unavailable;

        void refresh(String runId) {
            try {
                count = verifier.handled(runId);
                pendingUpdates = verifier.pendingUpdates(runId);
                unavailable = null;
            } catch (RuntimeException e) {
                unavailable = ErrorMessages.of(e);
            }
        }
    }

    /**
     * Waits until every created customer's event is handled and every committed update applied, or
     * the timeout passes; a database outage only waits.
     */
    private void drain(String runId, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HandledCount handled = new HandledCount();
        handled.refresh(runId);
        while ((handled.count < expected || handled.pendingUpdates > 0 || handled.unavailable != null)
                && System.nanoTime() < deadline) {
            out.printf(
                    "draining: handled %d of %d, updates pending %d%s%n",
                    handled.count,
                    expected,
                    handled.pendingUpdates,
                    handled.unavailable == null ? "" : " (database unavailable: " + handled.unavailable + ")");
            TimeUnit.MILLISECONDS.sleep(500);
            handled.refresh(runId);
        }
    }
}
