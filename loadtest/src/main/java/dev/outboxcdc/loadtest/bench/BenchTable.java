package dev.outboxcdc.loadtest.bench;

import java.time.Instant;

/** The benchmark's table: figures, the ratios the project targets, and whether each target holds. */
final class BenchTable {
    private BenchTable() {
    }

    static String render(BenchSettings settings, double rawDb, double rawBroker, ModeMeasurement.Result cdc,
                         ModeMeasurement.Result polling, CatchUp.Result catchUp, Instant at) {
        double e2eRatio = cdc.sustainedRate() / rawDb;
        double catchUpRatio = catchUp.eventsPerSecond() / rawBroker;
        double p50Ratio = cdc.halfLoad().endToEndMillis().p50() / polling.halfLoad().endToEndMillis().p50();
        StringBuilder table = new StringBuilder();
        table.append("Run at ").append(at).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, concurrency ").append(settings.concurrency()).append(", measure ")
                .append(settings.measure().toSeconds()).append(" s, catch-up ").append(settings.catchUpRows()).append(" rows\n\n");
        table.append("| figure | CDC relay | polling relay (100 ms) |\n|---|---|---|\n");
        row(table, "raw DB baseline, tx/s (customer + outbox insert)", fmt(rawDb), "");
        row(table, "raw broker baseline, confirmed publishes/s (500 B, persistent)", fmt(rawBroker), "");
        row(table, "e2e sustained req/s, zero loss (min of HTTP and pipeline rate)", fmt(cdc.sustainedRate()), fmt(polling.sustainedRate()));
        row(table, "HTTP p99 at sustained load, ms", fmt(cdc.sustained().httpMillis().p99()), fmt(polling.sustained().httpMillis().p99()));
        row(table, "e2e latency at half load, p50 / p99 ms", p(cdc.halfLoad()), p(polling.halfLoad()));
        row(table, "e2e latency at 20 req/s, p50 / p99 ms", p(cdc.lowLoad()), p(polling.lowLoad()));
        row(table, "lost / duplicate effects (all runs)", lostAndDuplicates(cdc), lostAndDuplicates(polling));
        row(table, "relay catch-up, events/s (" + catchUp.rows() + " rows; " + fmt(catchUp.secondsFromStart()) + " s incl. start)",
                fmt(catchUp.eventsPerSecond()), "");
        row(table, "relay rows written per event (all tables)", fmt2(cdc.relayRowsWrittenPerEvent()), fmt2(polling.relayRowsWrittenPerEvent()));
        row(table, "outbox rows written by the relay per event", fmt2(cdc.outboxRowsWrittenByRelayPerEvent()), fmt2(polling.outboxRowsWrittenByRelayPerEvent()));
        row(table, "relay rows read per event", fmt2(cdc.relayRowsReadPerEvent()), fmt2(polling.relayRowsReadPerEvent()));
        row(table, "relay statements/s when idle", fmt2(cdc.idleStatementsPerSecond()), fmt2(polling.idleStatementsPerSecond()));
        row(table, "relay peak RSS, MB", Long.toString(cdc.relayPeakRssMegabytes()), Long.toString(polling.relayPeakRssMegabytes()));
        table.append("\n| target | measured | holds |\n|---|---|---|\n");
        target(table, "e2e sustained (CDC) >= 0.5 x raw DB", fmt2(e2eRatio), e2eRatio >= 0.5);
        target(table, "relay catch-up >= 0.8 x raw broker", fmt2(catchUpRatio), catchUpRatio >= 0.8);
        target(table, "CDC e2e p99 at half load <= 50 ms", fmt(cdc.halfLoad().endToEndMillis().p99()), cdc.halfLoad().endToEndMillis().p99() <= 50);
        target(table, "CDC p50 <= 1/5 of polling p50 (half load)", fmt2(p50Ratio), p50Ratio <= 0.2);
        target(table, "CDC relay writes 0 outbox rows per event", fmt2(cdc.outboxRowsWrittenByRelayPerEvent()), cdc.outboxRowsWrittenByRelayPerEvent() < 0.001);
        target(table, "CDC relay 0 statements/s when idle", fmt2(cdc.idleStatementsPerSecond()), cdc.idleStatementsPerSecond() < 0.05);
        target(table, "relay RSS <= 400 MB", Long.toString(cdc.relayPeakRssMegabytes()), cdc.relayPeakRssMegabytes() <= 400);
        return table.toString();
    }

    private static String lostAndDuplicates(ModeMeasurement.Result result) {
        long lost = result.sustained().lost() + result.halfLoad().lost() + result.lowLoad().lost();
        long duplicates = result.sustained().duplicateEffects() + result.halfLoad().duplicateEffects() + result.lowLoad().duplicateEffects();
        return lost + " / " + duplicates;
    }

    private static String p(dev.outboxcdc.loadtest.report.Report report) {
        return fmt(report.endToEndMillis().p50()) + " / " + fmt(report.endToEndMillis().p99());
    }

    private static void row(StringBuilder table, String name, String cdc, String polling) {
        table.append("| ").append(name).append(" | ").append(cdc).append(" | ").append(polling).append(" |\n");
    }

    private static void target(StringBuilder table, String name, String measured, boolean holds) {
        table.append("| ").append(name).append(" | ").append(measured).append(" | ").append(holds ? "yes" : "**no**").append(" |\n");
    }

    private static String fmt(double value) {
        return String.format("%.0f", value);
    }

    private static String fmt2(double value) {
        return String.format("%.2f", value);
    }
}
