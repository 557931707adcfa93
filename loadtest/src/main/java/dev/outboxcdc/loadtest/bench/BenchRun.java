package dev.outboxcdc.loadtest.bench;

import dev.outboxcdc.loadtest.report.Report;
import java.util.stream.Stream;

/**
 * One full pass of the bench: the baselines before and after the pipeline stages, CDC (with updates
 * in per-customer order, scaled out to 2 api and 3 worker processes, and relay catch-up), polling
 * at 100 ms and polling at 10 ms.
 */
record BenchRun(int number, Baselines before, Baselines after, ModeMeasurement.Result cdc, ModeMeasurement.WithUpdates cdcWithUpdates,
                ModeMeasurement.Result scaled, CatchUp.Result catchUp, ModeMeasurement.Result polling,
                ModeMeasurement.Result polling10) {

    /** The ceilings measured with nothing else running. */
    record Baselines(double rawDb, RawBrokerBaseline.Result rawBroker) {
    }

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
        return differBy25Percent(before.rawBroker().confirmedPerSecond(), after.rawBroker().confirmedPerSecond());
    }

    long lost() {
        return reports().mapToLong(report -> report.lost() + report.updates().committed() - report.updates().applied()).sum();
    }

    long duplicateEffects() {
        return reports().mapToLong(report -> report.duplicateEffects()).sum();
    }

    private Stream<Report> reports() {
        return Stream.concat(results().flatMap(result -> result.reports().stream()), Stream.of(cdcWithUpdates.report()));
    }

    long relayPeakRssMegabytes() {
        return Math.max(cdc.relayPeakRssMegabytes(), catchUp.relayPeakRssMegabytes());
    }

    private Stream<ModeMeasurement.Result> results() {
        return Stream.of(cdc, scaled, polling, polling10);
    }

    private static boolean differBy25Percent(double first, double second) {
        return Math.abs(first - second) > 0.25 * Math.min(first, second);
    }
}
