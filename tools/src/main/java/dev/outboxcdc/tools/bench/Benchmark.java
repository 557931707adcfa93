package dev.outboxcdc.tools.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.harness.Polling;
import dev.outboxcdc.harness.SecondSubscriber;
import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestEnvironment;
import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.db.ConnectionPools;
import dev.outboxcdc.support.db.DatabaseFlavor;
import dev.outboxcdc.support.db.DatabaseSettings;
import dev.outboxcdc.tools.verify.SecondSubscriberCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code make bench}: the project's published figures, every ratio measured in ONE invocation on one
 * machine, {@code BENCH_REPEAT} times: raw database and broker baselines (before and after the
 * pipeline), end to end with the CDC relay (creates only, then with updates in per-customer order)
 * and scaled out to 2 api and 3 worker processes, and with the polling relay at 100 ms and 10 ms, relay catch-up, what every
 * event costs each process and the database, and the three relay modes with the database on a CPU budget of its own
 * ({@link DatabaseBudgetStage}). Prints each run, the
 * min/median/max of every target across runs, and writes it all to {@code target/bench/results.md} and
 * {@code report.html} ({@link BenchReport}).
 * Exits non-zero, printing no table, when a stage could not be measured or its verification failed.
 */
public final class Benchmark {
    /** The second subscriber's role in the CPU tables. */
    static final String SECOND_SUBSCRIBER = "second subscriber";

    private Benchmark() {}

    public static void main(String[] args) {
        int status = 0;
        try {
            BenchSettings settings = BenchSettings.fromEnv(Env.system());
            BenchPreflight.check(Duration.ofSeconds(3));
            DatabaseSettings adminSettings = TestEnvironment.get().admin();
            DatabaseFlavor flavor = adminSettings.resolveFlavor();
            try (HikariDataSource pool = ConnectionPools.open(
                    adminSettings, flavor, "bench", settings.concurrency() + 4, Duration.ofMinutes(2))) {
                List<BenchRun> runs = run(settings, Jdbi.create(pool), flavor);
                Instant at = Instant.now();
                StringBuilder results = new StringBuilder(BenchTable.header(settings, at));
                runs.forEach(run -> results.append(BenchTable.renderRun(run)).append('\n'));
                results.append(BenchTable.renderSummary(runs));
                System.out.println(results);
                Path directory = Path.of("target", "bench");
                Files.createDirectories(directory);
                Files.writeString(directory.resolve("results.md"), results);
                BenchReport.of(settings, at, runs).write(directory);
                System.out.println(
                        "written to " + directory.toAbsolutePath().resolve("results.md") + " and report.html");
            }
        } catch (Exception e) {
            System.err.println("bench FAILED, no results: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** Every run, each printed as it ends. */
    private static List<BenchRun> run(BenchSettings settings, Jdbi admin, DatabaseFlavor flavor) throws Exception {
        Progress progress = new Progress(System.out, settings.plannedPerRun().multipliedBy(settings.repeat()));
        RelayDatabaseLoad relayLoad = RelayDatabaseLoad.of(admin, flavor);
        ModeMeasurement measurement = new ModeMeasurement(admin, relayLoad, settings, progress);
        List<BenchRun> runs = new ArrayList<>();
        for (int number = 1; number <= settings.repeat(); number++) {
            BenchRun run = runOnce(number, settings, admin, measurement, progress);
            runs.add(run);
            System.out.println(BenchTable.renderRun(run));
        }
        return runs;
    }

    private static BenchRun runOnce(
            int number, BenchSettings settings, Jdbi admin, ModeMeasurement measurement, Progress progress)
            throws Exception {
        String run = "run " + number + "/" + settings.repeat() + ": ";
        BenchRun.Baselines before = baselines(run, settings, admin, progress);
        ModeMeasurement.Result cdc;
        ModeMeasurement.WithUpdates cdcWithUpdates;
        CatchUp.Result catchUp;
        try (ServiceStack stack = new ServiceStack("bench-cdc", Map.of()).start()) {
            cdc = measurement.full(run + "cdc", stack);
            cdcWithUpdates = measurement.withUpdates(run + "cdc", stack);
            progress.stage(
                    run + "relay catch-up: relay stopped, " + settings.catchUpRows()
                            + " outbox rows written, relay started",
                    Duration.ofSeconds(30));
            stack.relay().terminate(Duration.ofSeconds(15));
            CatchUp.writeBacklog(admin, stack.database, settings.catchUpRows());
            catchUp = CatchUp.measure(TestEnvironment.get().amqp(), stack, settings.catchUpRows());
        }
        ModeMeasurement.Result scaled;
        try (ServiceStack stack = new ServiceStack("bench-scaled", Map.of()).start()) {
            progress.stage(run + "scaled out: a second api and two more workers starting", Duration.ofSeconds(20));
            stack.startAnotherApi();
            stack.startAnotherWorker();
            stack.startAnotherWorker();
            scaled = measurement.sustainedOnly(run + "cdc, 2 api + 3 worker processes", stack);
        }
        BenchRun.FanOut fanOut = fanOut(run, admin, measurement, progress);
        ModeMeasurement.Result polling = polling("100", stack -> measurement.full(run + "polling 100 ms", stack));
        ModeMeasurement.Result polling10 =
                polling("10", stack -> measurement.sustainedOnly(run + "polling 10 ms", stack));
        DatabaseBudgetStage.Result budget = new DatabaseBudgetStage(measurement, settings, progress).run(run);
        BrokerLayoutStage.Result layouts = new BrokerLayoutStage(measurement, progress).run(run);
        BenchRun.Baselines after = baselines(run, settings, admin, progress);
        return new BenchRun(
                number,
                before,
                after,
                cdc,
                cdcWithUpdates,
                scaled,
                fanOut,
                catchUp,
                polling,
                polling10,
                budget,
                layouts);
    }

    /**
     * The CDC stage with the loyalty example subscribed beside the worker, each with its own
     * database; then how far behind the second one was when the load ended, and how long it took to
     * credit the rest.
     */
    private static BenchRun.FanOut fanOut(String run, Jdbi admin, ModeMeasurement measurement, Progress progress)
            throws Exception {
        try (ServiceStack stack = new ServiceStack("bench-fan-out", Map.of()).start();
                SecondSubscriber second = new SecondSubscriber(stack)) {
            progress.stage(run + "a second subscriber starting beside the worker", Duration.ofSeconds(10));
            second.start();
            SecondSubscriberCheck check =
                    new SecondSubscriberCheck(admin, stack.database.name(), second.database.name());
            long mark = check.mark();
            ModeMeasurement.Result stage = measurement.sustainedOnly(
                    run + "cdc with a second subscriber", stack, Map.of(SECOND_SUBSCRIBER, second.process()));
            long backlog = check.check(mark).missing();
            long started = System.nanoTime();
            Polling.until(
                    "the second subscriber credited every event of the stage",
                    Duration.ofMinutes(3),
                    Duration.ofMillis(250),
                    () -> check.check(mark).missing() == 0);
            return new BenchRun.FanOut(stage, backlog, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static BenchRun.Baselines baselines(String run, BenchSettings settings, Jdbi admin, Progress progress)
            throws Exception {
        progress.stage(
                run + "raw database baseline: customer + outbox insert per transaction, " + settings.concurrency()
                        + " threads",
                settings.measure().dividedBy(2).plusSeconds(10));
        double rawDb = RawDatabaseBaseline.measure(
                admin,
                settings.concurrency(),
                Duration.ofSeconds(10),
                settings.measure().dividedBy(2));
        progress.stage(
                run + "raw broker baseline: 500-byte persistent publishes, async confirms", Duration.ofSeconds(13));
        RawBrokerBaseline.Result rawBroker =
                RawBrokerBaseline.measure(TestEnvironment.get().amqp(), Duration.ofSeconds(3), Duration.ofSeconds(10));
        return new BenchRun.Baselines(rawDb, rawBroker);
    }

    private interface Measure {
        ModeMeasurement.Result on(ServiceStack stack) throws Exception;
    }

    private static ModeMeasurement.Result polling(String intervalMillis, Measure measure) throws Exception {
        try (ServiceStack stack = new ServiceStack(
                        "bench-polling" + intervalMillis,
                        Map.of("RELAY_MODE", "polling", "RELAY_POLL_INTERVAL_MS", intervalMillis))
                .start()) {
            return measure.on(stack);
        }
    }
}
