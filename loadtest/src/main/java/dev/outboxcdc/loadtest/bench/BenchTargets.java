package dev.outboxcdc.loadtest.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The targets of issue 9, each measured in every run: one list, used by each run's table and the summary. */
final class BenchTargets {
    /** A target holds when {@code measured} is at least (or, for a ceiling, at most) {@code limit}. */
    record Target(String name, ToDoubleFunction<BenchRun> measured, double limit, boolean ceiling, String format) {
        boolean holds(BenchRun run) {
            double value = measured.applyAsDouble(run);
            return ceiling ? value <= limit : value >= limit;
        }

        String show(double value) {
            return String.format(format, value);
        }
    }

    static final List<Target> ALL = List.of(
            new Target("CDC e2e sustained >= 1.2 x polling (100 ms)",
                    run -> run.cdc().sustainedRate() / run.polling().sustainedRate(), 1.2, false, "%.2f"),
            new Target("CDC e2e sustained >= 1.0 x polling (10 ms)",
                    run -> run.cdc().sustainedRate() / run.polling10().sustainedRate(), 1.0, false, "%.2f"),
            new Target("CDC e2e sustained >= 0.5 x raw DB",
                    run -> run.cdc().sustainedRate() / run.rawDb(), 0.5, false, "%.2f"),
            new Target("CDC committed->handled p99 at half load <= 50 ms",
                    run -> run.cdc().halfLoad().endToEndMillis().p99(), 50, true, "%.0f"),
            new Target("CDC committed->handled p50 at 20 req/s <= 15 ms",
                    run -> run.cdc().lowLoad().endToEndMillis().p50(), 15, true, "%.1f"),
            new Target("relay catch-up >= 0.8 x raw broker",
                    run -> run.catchUp().eventsPerSecond() / run.rawBroker(), 0.8, false, "%.2f"),
            new Target("CDC total CPU per event, all processes <= 1.2 ms",
                    run -> run.cdc().cost().totalCpuMillisPerEvent(), 1.2, true, "%.2f"),
            new Target("lost + duplicate effects, every stage = 0",
                    run -> run.lost() + run.duplicateEffects(), 0, true, "%.0f"),
            new Target("CDC relay outbox rows written per event = 0",
                    run -> run.cdc().outboxRowsWrittenByRelayPerEvent(), 0.001, true, "%.2f"),
            new Target("CDC relay statements/s idle = 0",
                    run -> run.cdc().idleStatementsPerSecond(), 0.05, true, "%.2f"),
            new Target("relay peak RSS (load and catch-up) <= 400 MB",
                    BenchRun::relayPeakRssMegabytes, 400, true, "%.0f"));

    private BenchTargets() {
    }
}
