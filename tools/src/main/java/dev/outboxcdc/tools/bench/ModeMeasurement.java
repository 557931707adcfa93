package dev.outboxcdc.tools.bench;

import dev.outboxcdc.harness.MetricsScrape;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.tools.LoadTest;
import dev.outboxcdc.tools.load.LoadOptions;
import dev.outboxcdc.tools.report.Report;
import dev.outboxcdc.tools.verify.PipelineVerifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The end-to-end figures of one relay mode on a running stack: sustained throughput with zero loss
 * (closed loop) and what each event cost every process and the database; then, unless only the
 * sustained rate is wanted, latency at half of it and at a low rate (open loop), the relay's
 * database cost and its idle load, and the relay's peak RSS.
 */
final class ModeMeasurement {
    record Result(
            String mode,
            Report sustained,
            StageCost cost,
            @Nullable Report halfLoad,
            @Nullable Report lowLoad,
            double outboxRowsWrittenByRelayPerEvent,
            double relayRowsReadPerEvent,
            double idleStatementsPerSecond,
            long relayPeakRssMegabytes,
            Duration warmup) {
        double sustainedRate() {
            return Math.min(sustained.achievedRate(), sustained.pipelineEventsPerSecond());
        }

        /** The open-loop run at half the sustained rate; a stage measured at full load only has none. */
        @Override
        public Report halfLoad() {
            return Objects.requireNonNull(halfLoad, mode + " was measured at full load only");
        }

        /** The open-loop run at a low rate; a stage measured at full load only has none. */
        @Override
        public Report lowLoad() {
            return Objects.requireNonNull(lowLoad, mode + " was measured at full load only");
        }

        List<Report> reports() {
            return halfLoad == null || lowLoad == null ? List.of(sustained) : List.of(sustained, halfLoad, lowLoad);
        }
    }

    static final Duration WARMUP_WINDOW = Duration.ofSeconds(10);

    private final Jdbi admin;
    private final RelayDatabaseLoad relayLoad;
    private final DatabaseCounters databaseCounters;
    private final BenchSettings settings;
    private final Progress progress;

    ModeMeasurement(Jdbi admin, RelayDatabaseLoad relayLoad, BenchSettings settings, Progress progress) {
        this.admin = admin;
        this.relayLoad = relayLoad;
        this.databaseCounters = new DatabaseCounters(admin);
        this.settings = settings;
        this.progress = progress;
    }

    Result sustainedOnly(String mode, ServiceStack stack) throws InterruptedException {
        return sustainedOnly(mode, stack, Map.of());
    }

    /** Sustained throughput with {@code beside} running too, the CPU of each counted as a role of its own. */
    Result sustainedOnly(String mode, ServiceStack stack, Map<String, ServiceProcess> beside)
            throws InterruptedException {
        try (RssSampler rss = new RssSampler(stack)) {
            Sustained sustained = sustained(mode, stack, beside);
            return new Result(
                    mode,
                    sustained.report,
                    sustained.cost,
                    null,
                    null,
                    (sustained.relay.outboxRowsChanged() - sustained.report.created())
                            / (double) Math.max(1, sustained.report.created()),
                    0,
                    0,
                    rss.peakMegabytes(),
                    sustained.warmup);
        }
    }

    Result full(String mode, ServiceStack stack) throws InterruptedException {
        try (RssSampler rss = new RssSampler(stack)) {
            Sustained sustained = sustained(mode, stack, Map.of());
            RelayDatabaseLoad.Snapshot underLoad = sustained.relay;
            if (underLoad.relayStatements() == 0) {
                throw new BenchFailedException(
                        "the database counted no statement of the relay's user '" + RelayDatabaseLoad.RELAY_USER
                                + "' under load: the relay connects as another user, and its database cost would read 0");
            }
            int half = (int) Math.max(
                    1, Math.min(sustained.report.achievedRate(), sustained.report.pipelineEventsPerSecond()) / 2);
            progress.stage(mode + ": latency at half load, open loop " + half + " req/s", settings.measure());
            Report halfLoad = run(stack, half, settings.measure());
            progress.stage(mode + ": latency at low load, open loop 20 req/s", Duration.ofSeconds(10));
            Report lowLoad = run(stack, 20, Duration.ofSeconds(10));
            progress.stage(mode + ": idle", settings.idle());
            RelayDatabaseLoad.Snapshot idleStart = relayLoad.snapshot(stack.database.name());
            TimeUnit.MILLISECONDS.sleep(settings.idle().toMillis());
            RelayDatabaseLoad.Snapshot idle =
                    relayLoad.snapshot(stack.database.name()).minus(idleStart);
            double events = Math.max(sustained.report.created(), 1);
            return new Result(
                    mode,
                    sustained.report,
                    sustained.cost,
                    halfLoad,
                    lowLoad,
                    (underLoad.outboxRowsChanged() - sustained.report.created()) / events,
                    underLoad.relayRowsRead() / events,
                    idle.relayStatements() / idle.seconds(),
                    rss.peakMegabytes(),
                    sustained.warmup);
        }
    }

    private record Sustained(Report report, StageCost cost, RelayDatabaseLoad.Snapshot relay, Duration warmup) {}

    private Sustained sustained(String mode, ServiceStack stack, Map<String, ServiceProcess> beside)
            throws InterruptedException {
        ProcessCpu cpu = ProcessCpu.of(stack, TestEnvironment.get().admin().port(), beside);
        Duration warmup = warmUp(mode, stack, cpu);
        progress.stage(
                mode + ": sustained throughput, closed loop, " + settings.concurrency() + " users", settings.measure());
        StageCost.Reading before = StageCost.Reading.take(cpu, databaseCounters);
        RelayDatabaseLoad.Snapshot relayBefore = relayLoad.snapshot(stack.database.name());
        Report report = run(stack, 0, settings.measure());
        StageCost cost = StageCost.between(before, StageCost.Reading.take(cpu, databaseCounters), report.created());
        return new Sustained(
                report, cost, relayLoad.snapshot(stack.database.name()).minus(relayBefore), warmup);
    }

    /**
     * Closed-loop load for {@code BENCH_WARMUP_SECONDS}, then in windows of {@link #WARMUP_WINDOW} until
     * the CPU per event of every process together stays within 5 % over three windows (the JIT has
     * compiled what the stage runs), or {@code BENCH_WARMUP_MAX_SECONDS} have passed. Services run for
     * days: a figure taken while they still compile says little about them.
     */
    private Duration warmUp(String mode, ServiceStack stack, ProcessCpu cpu) throws InterruptedException {
        progress.stage(mode + ": warm-up until the CPU per event is steady", settings.warmup());
        long started = System.nanoTime();
        run(stack, 0, settings.warmup());
        List<Double> windows = new ArrayList<>();
        while (!steady(windows) && Duration.ofNanos(System.nanoTime() - started).compareTo(settings.warmupMax()) < 0) {
            StageCost.Reading before = StageCost.Reading.take(cpu, databaseCounters);
            Report window = run(stack, 0, WARMUP_WINDOW);
            windows.add(StageCost.between(before, StageCost.Reading.take(cpu, databaseCounters), window.created())
                    .totalCpuMillisPerEvent());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        progress.out()
                .printf(
                        "%s: warm-up %d s, %s; CPU ms per event of its windows: %s%n",
                        mode,
                        took.toSeconds(),
                        steady(windows) ? "steady" : "NOT steady within BENCH_WARMUP_MAX_SECONDS",
                        String.join(
                                ", ",
                                windows.stream()
                                        .map(value -> String.format("%.2f", value))
                                        .toList()));
        return took;
    }

    static boolean steady(List<Double> windows) {
        if (windows.size() < 3) {
            return false;
        }
        List<Double> last = windows.subList(windows.size() - 3, windows.size());
        return Collections.max(last) <= 1.05 * Collections.min(last);
    }

    /**
     * The stage with updates mixed in: sustained (closed loop), how often an update had to wait for its
     * predecessor there, and latency at half that rate (open loop, the same mix).
     */
    record WithUpdates(Report report, long waits, Report halfLoad) {
        double sustainedRate() {
            return Math.min(report.achievedRate(), report.pipelineEventsPerSecond());
        }

        double waitsPerUpdate() {
            return waits / (double) Math.max(1, report.updates().applied());
        }
    }

    /**
     * Sustained throughput, closed loop, with {@code BENCH_UPDATE_RATIO} of the requests updates of
     * the run's customers, which the worker's read model applies in each customer's version order;
     * then the same mix at half that rate, open loop.
     */
    WithUpdates withUpdates(String mode, ServiceStack stack) throws Exception {
        String mix = Math.round(settings.updateRatio() * 100) + " % updates (per-customer order)";
        progress.stage(mode + ": sustained throughput, closed loop, " + mix, settings.measure());
        double heldBefore = heldByWorker(stack);
        Report report = run(stack, 0, settings.measure(), settings.updateRatio());
        long waits = Math.round(heldByWorker(stack) - heldBefore);
        int half = (int) Math.max(1, Math.min(report.achievedRate(), report.pipelineEventsPerSecond()) / 2);
        progress.stage(mode + ": latency at half load, open loop " + half + " req/s, " + mix, settings.measure());
        Report halfLoad = run(stack, half, settings.measure(), settings.updateRatio());
        return new WithUpdates(report, waits, halfLoad);
    }

    private static double heldByWorker(ServiceStack stack) throws Exception {
        URI metrics = stack.worker()
                .metricsUrl()
                .orElseThrow(() -> new BenchFailedException("the worker logged no metrics URL"));
        return MetricsScrape.of(metrics).sum("outbox_worker_messages_held_total");
    }

    private Report run(ServiceStack stack, int rate, Duration duration) throws InterruptedException {
        return run(stack, rate, duration, 0);
    }

    private Report run(ServiceStack stack, int rate, Duration duration, double updateRatio)
            throws InterruptedException {
        String runId = "bench" + UUID.randomUUID().toString().substring(0, 8);
        LoadOptions options = new LoadOptions(
                stack.apiUrls(), rate, rate > 0 ? 256 : settings.concurrency(), duration, 0, runId, updateRatio);
        Report report = new LoadTest(new PipelineVerifier(admin, stack.database.name(), stack.consumer), progress.out())
                .run(options, Duration.ofMinutes(3));
        if (!report.passed()) {
            throw new BenchFailedException(
                    "verification failed, the figures would be meaningless:\n" + report.summary());
        }
        return report;
    }
}
