package dev.outboxcdc.tools.bench;

import dev.outboxcdc.harness.ServiceStack;
import dev.outboxcdc.harness.TestEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The database on a CPU budget ({@code BENCH_DB_MILLICORES}): for CDC, polling at 100 ms and polling
 * at 10 ms, the sustained closed-loop stage with the database server in a CPU cgroup of its own, then
 * the database's CPU per second while nothing is written. Which relay mode does more with the same
 * database is the question a team sharing one database asks; on the shared cores of the other
 * stages whichever mode costs the whole machine less wins instead.
 */
final class DatabaseBudgetStage {
    /** One mode's figures on the budget. */
    record OnBudget(ModeMeasurement.Result sustained, double idleDatabaseCpuMillisPerSecond) {
        double sustainedRate() {
            return sustained.sustainedRate();
        }

        double databaseCpuMillisPerEvent() {
            return sustained.cost().cpuOf("database");
        }
    }

    /** The three modes, or, with {@code skipped} set, why the stage could not run (every figure empty). */
    record Result(
            String applied,
            Optional<String> skipped,
            @Nullable OnBudget cdc,
            @Nullable OnBudget polling,
            @Nullable OnBudget polling10) {
        static Result skipped(String reason) {
            return new Result("", Optional.of(reason), null, null, null);
        }

        @Override
        public OnBudget cdc() {
            return measured(cdc);
        }

        @Override
        public OnBudget polling() {
            return measured(polling);
        }

        @Override
        public OnBudget polling10() {
            return measured(polling10);
        }

        /** A mode of a stage that ran; asking one of a skipped stage is a bug of the caller. */
        private OnBudget measured(@Nullable OnBudget mode) {
            if (mode == null) {
                throw new IllegalStateException("the database budget stage was skipped: " + skipped.orElse(""));
            }
            return mode;
        }
    }

    private final ModeMeasurement measurement;
    private final BenchSettings settings;
    private final Progress progress;

    DatabaseBudgetStage(ModeMeasurement measurement, BenchSettings settings, Progress progress) {
        this.measurement = measurement;
        this.settings = settings;
        this.progress = progress;
    }

    Result run(String run) throws Exception {
        long databasePid = ProcessCpu.databasePid(TestEnvironment.get().admin().port());
        double cores = settings.databaseMillicores() / 1000.0;
        String applied = "";
        OnBudget[] modes = new OnBudget[3];
        String[][] settingsPerMode = {
            {"cdc", "", ""}, {"polling 100 ms", "polling", "100"}, {"polling 10 ms", "polling", "10"}
        };
        for (int i = 0; i < modes.length; i++) {
            String mode = settingsPerMode[i][0];
            Map<String, String> environment = settingsPerMode[i][1].isEmpty()
                    ? Map.of()
                    : Map.of("RELAY_MODE", settingsPerMode[i][1], "RELAY_POLL_INTERVAL_MS", settingsPerMode[i][2]);
            try (ServiceStack stack = new ServiceStack("bench-budget-" + mode.replace(' ', '-'), environment).start()) {
                DatabaseCpuBudget.Result budget = DatabaseCpuBudget.apply(databasePid, cores);
                if (budget.budget().isEmpty()) {
                    progress.out().println("database on a budget: SKIPPED, " + budget.said());
                    return Result.skipped(budget.said());
                }
                try (DatabaseCpuBudget limited = budget.budget().get()) {
                    applied = limited.applied();
                    progress.out().println("database on a budget: " + applied);
                    modes[i] = measure(run + mode + " on a database budget of " + cores + " core", stack);
                }
            }
        }
        return new Result(applied, Optional.empty(), modes[0], modes[1], modes[2]);
    }

    private OnBudget measure(String mode, ServiceStack stack) throws InterruptedException {
        ModeMeasurement.Result sustained = measurement.sustainedOnly(mode, stack);
        progress.stage(mode + ": idle, database CPU with nothing written", settings.idle());
        ProcessCpu cpu = ProcessCpu.of(stack, TestEnvironment.get().admin().port());
        double before = cpu.cpuSeconds().getOrDefault("database", Double.NaN);
        long started = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(settings.idle().toMillis());
        double seconds = (System.nanoTime() - started) / 1e9;
        return new OnBudget(
                sustained, (cpu.cpuSeconds().getOrDefault("database", Double.NaN) - before) * 1000 / seconds);
    }

    /** What the stage plans for one run. */
    static Duration planned(BenchSettings settings) {
        return settings.warmup().plus(settings.measure()).plus(settings.idle()).multipliedBy(3);
    }
}
