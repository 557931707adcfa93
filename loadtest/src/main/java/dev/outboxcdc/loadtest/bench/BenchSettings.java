package dev.outboxcdc.loadtest.bench;

import dev.outboxcdc.support.config.Env;
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
                env.integer("BENCH_REPEAT", 3, 1, 20),
                env.integer("BENCH_CONCURRENCY", 16, 1, 1024),
                Duration.ofSeconds(env.integer("BENCH_WARMUP_SECONDS", 10, 0, 600)),
                Duration.ofSeconds(env.integer("BENCH_WARMUP_MAX_SECONDS", 180, 0, 3600)),
                Duration.ofSeconds(env.integer("BENCH_MEASURE_SECONDS", 30, 5, 3600)),
                Duration.ofSeconds(env.integer("BENCH_IDLE_SECONDS", 10, 1, 600)),
                env.integer("BENCH_CATCHUP_ROWS", 200_000, 1_000, 10_000_000),
                env.integer("BENCH_UPDATE_PERCENT", 50, 1, 95) / 100.0,
                env.integer("BENCH_DB_MILLICORES", 500, 50, 64_000));
    }

    /** The stage time one run plans for (drains, starts and the catch-up backlog come on top). */
    Duration plannedPerRun() {
        Duration baselines =
                measure.dividedBy(2).plusSeconds(10).plusSeconds(13).multipliedBy(2);
        Duration fullMode = warmup.plus(measure).plus(measure).plusSeconds(10).plus(idle);
        Duration withUpdates = measure.multipliedBy(2);
        Duration scaledOut = warmup.plus(measure).plusSeconds(20);
        return baselines
                .plus(fullMode.multipliedBy(2))
                .plus(withUpdates)
                .plus(scaledOut)
                .plus(warmup)
                .plus(measure)
                .plusSeconds(30)
                .plus(DatabaseBudgetStage.planned(this))
                .plus(BrokerLayoutStage.planned(this));
    }
}
