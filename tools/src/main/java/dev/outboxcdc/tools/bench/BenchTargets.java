package dev.outboxcdc.tools.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The bench's targets, each measured in every run: one list, used by each run's table, the summary
 * and the report. Every one is a ratio or a bound within one run: absolute CPU per event moves ~2x
 * with the machine's neighbours.
 */
final class BenchTargets {
    /** A target holds when {@code measured} is at least (or, for a ceiling, at most) {@code limit}; NaN (a skipped stage) never holds. */
    record Target(String name, ToDoubleFunction<BenchRun> measured, double limit, boolean ceiling, String format) {
        boolean holds(BenchRun run) {
            double value = measured.applyAsDouble(run);
            return ceiling ? value <= limit : value >= limit;
        }

        String show(double value) {
            return Double.isNaN(value) ? "skipped" : String.format(format, value);
        }
    }

    private static final String DB = "database";

    static final List<Target> ALL = List.of(
            new Target(
                    "two subscribers: CDC e2e sustained >= 0.8 x one subscriber",
                    run -> run.fanOut().ratioTo(run.cdc()),
                    0.8,
                    false,
                    "%.2f"),
            new Target(
                    "database on a budget: CDC e2e sustained >= 1.05 x polling (10 ms)",
                    run -> run.onBudget(budget ->
                            budget.cdc().sustainedRate() / budget.polling10().sustainedRate()),
                    1.05,
                    false,
                    "%.2f"),
            new Target(
                    "database on a budget: CDC e2e sustained >= 1.0 x polling (100 ms)",
                    run -> run.onBudget(budget ->
                            budget.cdc().sustainedRate() / budget.polling().sustainedRate()),
                    1.0,
                    false,
                    "%.2f"),
            new Target(
                    "database CPU per event: CDC <= 0.95 x polling (10 ms)",
                    run -> BenchRun.cpu(run.cdc(), DB) / BenchRun.cpu(run.polling10(), DB),
                    0.95,
                    true,
                    "%.2f"),
            new Target(
                    "database CPU per event: CDC <= 1.0 x polling (100 ms)",
                    run -> BenchRun.cpu(run.cdc(), DB) / BenchRun.cpu(run.polling(), DB),
                    1.0,
                    true,
                    "%.2f"),
            new Target(
                    "binlog bytes per event: CDC <= 0.8 x polling (100 ms)",
                    run -> BenchRun.database(run.cdc(), DatabaseCounters.BINLOG_BYTES)
                            / BenchRun.database(run.polling(), DatabaseCounters.BINLOG_BYTES),
                    0.8,
                    true,
                    "%.2f"),
            new Target(
                    "database CPU while idle: CDC <= 0.25 x polling (10 ms)",
                    run -> run.onBudget(budget -> budget.cdc().idleDatabaseCpuMillisPerSecond()
                            / budget.polling10().idleDatabaseCpuMillisPerSecond()),
                    0.25,
                    true,
                    "%.2f"),
            new Target(
                    "CDC api CPU per event <= 0.5 x database CPU per event",
                    run -> BenchRun.cpu(run.cdc(), "api") / BenchRun.cpu(run.cdc(), DB),
                    0.5,
                    true,
                    "%.2f"),
            new Target(
                    "CDC relay CPU per event <= 1.5 x polling (10 ms) relay",
                    run -> BenchRun.cpu(run.cdc(), "relay") / BenchRun.cpu(run.polling10(), "relay"),
                    1.5,
                    true,
                    "%.2f"),
            new Target(
                    "CDC broker CPU per event <= 1.1 x polling (100 ms) broker",
                    run -> BenchRun.cpu(run.cdc(), "broker") / BenchRun.cpu(run.polling(), "broker"),
                    1.1,
                    true,
                    "%.2f"),
            new Target(
                    "CDC e2e sustained >= 0.5 x raw DB",
                    run -> run.cdc().sustainedRate() / run.rawDb(),
                    0.5,
                    false,
                    "%.2f"),
            new Target(
                    "CDC e2e sustained >= 1.05 x polling (10 ms)",
                    run -> run.cdc().sustainedRate() / run.polling10().sustainedRate(),
                    1.05,
                    false,
                    "%.2f"),
            new Target(
                    "CDC e2e sustained >= 0.9 x polling (100 ms)",
                    run -> run.cdc().sustainedRate() / run.polling().sustainedRate(),
                    0.9,
                    false,
                    "%.2f"),
            new Target(
                    "CDC committed->handled p99 at half load <= 50 ms",
                    run -> run.cdc().halfLoad().endToEndMillis().p99(),
                    50,
                    true,
                    "%.0f"),
            new Target(
                    "CDC committed->handled p50 at 20 req/s <= 15 ms",
                    run -> run.cdc().lowLoad().endToEndMillis().p50(),
                    15,
                    true,
                    "%.1f"),
            new Target(
                    "quorum queues: CDC e2e sustained >= 0.85 x classic queues",
                    run -> run.cdc().sustainedRate()
                            / run.layouts().classic().sustained().sustainedRate(),
                    0.85,
                    false,
                    "%.2f"),
            new Target(
                    "partitions: update committed->applied p99 at half load <= 100 ms",
                    run -> run.partitionedUpdates()
                            .halfLoad()
                            .updateCommittedToAppliedMillis()
                            .p99(),
                    100,
                    true,
                    "%.0f"),
            new Target(
                    "partitions: update committed->applied p50 at sustained load <= 25 ms",
                    run -> run.partitionedUpdates()
                            .report()
                            .updateCommittedToAppliedMillis()
                            .p50(),
                    25,
                    true,
                    "%.0f"),
            new Target(
                    "partitions: waits per update <= 0.01",
                    run -> run.partitionedUpdates().waitsPerUpdate(),
                    0.01,
                    true,
                    "%.3f"),
            new Target(
                    "relay catch-up >= 0.8 x raw broker",
                    run -> run.catchUp().eventsPerSecond() / run.rawBroker(),
                    0.8,
                    false,
                    "%.2f"),
            new Target(
                    "lost + duplicate effects, every stage = 0",
                    run -> run.lost() + run.duplicateEffects(),
                    0,
                    true,
                    "%.0f"),
            new Target(
                    "CDC relay outbox rows written per event = 0",
                    run -> run.cdc().outboxRowsWrittenByRelayPerEvent(),
                    0.001,
                    true,
                    "%.2f"),
            new Target(
                    "CDC relay statements/s idle = 0", run -> run.cdc().idleStatementsPerSecond(), 0.05, true, "%.2f"),
            new Target(
                    "relay peak RSS (load and catch-up) <= 400 MB",
                    BenchRun::relayPeakRssMegabytes,
                    400,
                    true,
                    "%.0f"));

    private BenchTargets() {}
}
