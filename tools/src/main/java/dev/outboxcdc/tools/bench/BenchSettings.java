package dev.outboxcdc.tools.bench;

import dev.outboxcdc.support.config.Env;
import dev.outboxcdc.support.config.variables.ToolVariables;
import java.time.Duration;

/** {@code make bench}'s knobs, from the environment (BENCH_*), with the defaults used in docs/BENCHMARKS.md. */
record BenchSettings(
        int repeat,
        int concurrency,
        Duration warmup,
        Duration warmupMax,
        Duration measure,
        Duration idle,
        int catchUpRows,
        double updateRatio,
        int databaseMillicores) {
    static BenchSettings fromEnv(Env env) {
        return new BenchSettings(
                env.get(ToolVariables.BENCH_REPEAT),
                env.get(ToolVariables.BENCH_CONCURRENCY),
                env.get(ToolVariables.BENCH_WARMUP_SECONDS),
                env.get(ToolVariables.BENCH_WARMUP_MAX_SECONDS),
                env.get(ToolVariables.BENCH_MEASURE_SECONDS),
                env.get(ToolVariables.BENCH_IDLE_SECONDS),
                env.get(ToolVariables.BENCH_CATCHUP_ROWS),
                env.get(ToolVariables.BENCH_UPDATE_PERCENT) / 100.0,
                env.get(ToolVariables.BENCH_DB_MILLICORES));
    }

    /** The stage time one run plans for (drains, starts and the catch-up backlog come on top). */
    Duration plannedPerRun() {
        Duration baselines =
                measure.dividedBy(2).plusSeconds(10).plusSeconds(13).multipliedBy(2);
        Duration fullMode = warmup.plus(measure).plus(measure).plusSeconds(10).plus(idle);
        Duration withUpdates = measure.multipliedBy(2);
        Duration scaledOut = warmup.plus(measure).plusSeconds(20);
        Duration fanOut = warmup.plus(measure).plusSeconds(30);
        return baselines
                .plus(fullMode.multipliedBy(2))
                .plus(withUpdates)
                .plus(scaledOut)
                .plus(fanOut)
                .plus(warmup)
                .plus(measure)
                .plusSeconds(30)
                .plus(DatabaseBudgetStage.planned(this))
                .plus(BrokerLayoutStage.planned(this));
    }
}
