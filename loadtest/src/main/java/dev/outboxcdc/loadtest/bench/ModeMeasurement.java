package dev.outboxcdc.loadtest.bench;

import dev.outboxcdc.loadtest.LoadTest;
import dev.outboxcdc.loadtest.load.LoadOptions;
import dev.outboxcdc.loadtest.report.Report;
import dev.outboxcdc.loadtest.verify.PipelineVerifier;
import java.io.PrintStream;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The end-to-end figures of one relay mode on a running stack: sustained throughput with zero loss
 * (closed loop), latency at half of it and at a low rate (open loop), the relay's database cost
 * under load and when idle, and the relay's peak RSS.
 */
final class ModeMeasurement {
    record Result(String mode, Report sustained, Report halfLoad, Report lowLoad, double relayRowsWrittenPerEvent,
                  double outboxRowsWrittenByRelayPerEvent, double relayRowsReadPerEvent, double idleStatementsPerSecond,
                  long relayPeakRssMegabytes) {
        double sustainedRate() {
            return Math.min(sustained.achievedRate(), sustained.pipelineEventsPerSecond());
        }
    }

    private final Jdbi admin;
    private final RelayDatabaseLoad databaseLoad;
    private final BenchSettings settings;
    private final PrintStream out;

    ModeMeasurement(Jdbi admin, RelayDatabaseLoad databaseLoad, BenchSettings settings, PrintStream out) {
        this.admin = admin;
        this.databaseLoad = databaseLoad;
        this.settings = settings;
        this.out = out;
    }

    Result measure(String mode, ServiceStack stack) throws InterruptedException {
        AtomicLong peakRss = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakRss.accumulateAndGet(stack.relay.residentMegabytes(), Math::max),
                0, 500, TimeUnit.MILLISECONDS);
        try {
            out.println("== " + mode + ": warm-up");
            run(stack, 0, settings.warmup());
            out.println("== " + mode + ": sustained throughput, closed loop, " + settings.concurrency() + " users");
            RelayDatabaseLoad.Snapshot before = databaseLoad.snapshot();
            Report sustained = run(stack, 0, settings.measure());
            RelayDatabaseLoad.Snapshot underLoad = databaseLoad.snapshot().minus(before);
            int half = (int) Math.max(1, Math.min(sustained.achievedRate(), sustained.pipelineEventsPerSecond()) / 2);
            out.println("== " + mode + ": latency at half load, open loop " + half + " req/s");
            Report halfLoad = run(stack, half, settings.measure());
            out.println("== " + mode + ": latency at low load, open loop 20 req/s");
            Report lowLoad = run(stack, 20, Duration.ofSeconds(10));
            out.println("== " + mode + ": idle for " + settings.idle().toSeconds() + " s");
            RelayDatabaseLoad.Snapshot idleStart = databaseLoad.snapshot();
            TimeUnit.MILLISECONDS.sleep(settings.idle().toMillis());
            RelayDatabaseLoad.Snapshot idle = databaseLoad.snapshot().minus(idleStart);
            double events = Math.max(sustained.created(), 1);
            return new Result(mode, sustained, halfLoad, lowLoad, underLoad.relayRowsWritten() / events,
                    (underLoad.outboxRowsChanged() - sustained.created()) / events, underLoad.relayRowsRead() / events,
                    idle.relayStatements() / idle.seconds(), peakRss.get());
        } finally {
            sampler.shutdownNow();
        }
    }

    private Report run(ServiceStack stack, int rate, Duration duration) throws InterruptedException {
        String runId = "bench" + UUID.randomUUID().toString().substring(0, 8);
        LoadOptions options = new LoadOptions(stack.apiUrl, rate, rate > 0 ? 256 : settings.concurrency(), duration, 0, runId);
        Report report = new LoadTest(new PipelineVerifier(admin, stack.consumer), out).run(options, Duration.ofMinutes(3));
        if (!report.passed()) {
            throw new IllegalStateException("verification failed, the figures would be meaningless:\n" + report.summary());
        }
        return report;
    }
}
