package dev.outboxcdc.tools.bench;

import dev.outboxcdc.tools.report.Report;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * One full pass of the bench: the baselines before and after the pipeline stages, CDC (with updates
 * in per-customer order, scaled out to 2 api and 3 worker processes, and relay catch-up), polling
 * at 100 ms and polling at 10 ms; then the three modes again with the database on a CPU budget.
 */
record BenchRun(
        int number,
        Baselines before,
        Baselines after,
        ModeMeasurement.Result cdc,
        ModeMeasurement.WithUpdates cdcWithUpdates,
        ModeMeasurement.Result scaled,
        FanOut fanOut,
        CatchUp.Result catchUp,
        ModeMeasurement.Result polling,
        ModeMeasurement.Result polling10,
        DatabaseBudgetStage.Result budget,
        BrokerLayoutStage.Result layouts) {

    /**
     * The CDC stage with a second subscriber (the loyalty example) beside the worker.
     *
     * @param backlog the events it had not credited yet when the stage's load ended
     * @param caughtUp how long it then took to credit them
     */
    record FanOut(ModeMeasurement.Result stage, long backlog, Duration caughtUp) {
        /** Its sustained rate relative to the one-subscriber stage of the same run. */
        double ratioTo(ModeMeasurement.Result oneSubscriber) {
            return stage.sustainedRate() / oneSubscriber.sustainedRate();
        }
    }

    /** The ceilings measured with nothing else running. */
    record Baselines(double rawDb, RawBrokerBaseline.Result rawBroker) {}

    /** The median of the two measurements (of two, their mean). */
    double rawDb() {
        return (before.rawDb() + after.rawDb()) / 2;
    }

    double rawBroker() {
        return (before.rawBroker().confirmedPerSecond() + after.rawBroker().confirmedPerSecond()) / 2;
    }

    boolean rawDbUnstable() {
        return differBy25Percent(before.rawDb(), after.rawDb());
    }

    boolean rawBrokerUnstable() {
        return differBy25Percent(
                before.rawBroker().confirmedPerSecond(), after.rawBroker().confirmedPerSecond());
    }

    long lost() {
        return reports()
                .mapToLong(report -> report.lost()
                        + report.updates().committed()
                        - report.updates().applied())
                .sum();
    }

    long duplicateEffects() {
        return reports().mapToLong(report -> report.duplicateEffects()).sum();
    }

    private Stream<Report> reports() {
        return Stream.concat(
                results().flatMap(result -> result.reports().stream()),
                withUpdates().flatMap(updates -> Stream.of(updates.report(), updates.halfLoad())));
    }

    private Stream<ModeMeasurement.WithUpdates> withUpdates() {
        return Stream.concat(
                Stream.of(cdcWithUpdates), layouts.measured().flatMap(layout -> layout.updates().stream()));
    }

    /** The stage with updates on one node with the worker's queue in partitions. */
    ModeMeasurement.WithUpdates partitionedUpdates() {
        return layouts.partitioned().updates().orElseThrow();
    }

    long relayPeakRssMegabytes() {
        return Math.max(cdc.relayPeakRssMegabytes(), catchUp.relayPeakRssMegabytes());
    }

    private Stream<ModeMeasurement.Result> results() {
        Stream<ModeMeasurement.Result> shared = Stream.concat(
                Stream.of(cdc, scaled, fanOut.stage(), polling, polling10),
                layouts.measured().map(BrokerLayoutStage.Layout::sustained));
        return budget.skipped().isPresent()
                ? shared
                : Stream.concat(
                        shared,
                        Stream.of(budget.cdc(), budget.polling(), budget.polling10())
                                .map(DatabaseBudgetStage.OnBudget::sustained));
    }

    /** A figure of the budget stage, NaN (never a pass) where the stage was skipped. */
    double onBudget(java.util.function.ToDoubleFunction<DatabaseBudgetStage.Result> figure) {
        return budget.skipped().isPresent() ? Double.NaN : figure.applyAsDouble(budget);
    }

    /** CPU ms per event of one process in a stage of the shared cores. */
    static double cpu(ModeMeasurement.Result result, String process) {
        return result.cost().cpuOf(process);
    }

    /** A database counter per event in a stage of the shared cores. */
    static double database(ModeMeasurement.Result result, String counter) {
        return result.cost().databaseOf(counter);
    }

    private static boolean differBy25Percent(double first, double second) {
        return Math.abs(first - second) > 0.25 * Math.min(first, second);
    }
}
