package dev.outboxcdc.tools.bench;

import dev.outboxcdc.tools.report.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The benchmark's tables: each run's figures, costs and targets, then every target across runs. */
final class BenchTable {
    private BenchTable() {}

    static String header(BenchSettings settings, Instant at) {
        return "# make bench, " + at + "\n\n" + Runtime.getRuntime().availableProcessors() + " cores; "
                + settings.repeat()
                + " runs; concurrency " + settings.concurrency() + ", warm-up " + warmup(settings) + ", measure "
                + settings.measure().toSeconds() + " s, catch-up " + settings.catchUpRows() + " rows\n\n";
    }

    static String renderRun(BenchRun run) {
        StringBuilder table = new StringBuilder("## Run ").append(run.number()).append("\n\n");
        table.append("| figure | CDC | polling 100 ms | polling 10 ms |\n|---|---|---|---|\n");
        row(
                table,
                "raw DB baseline, tx/s: before / after" + (run.rawDbUnstable() ? " (**differ by > 25 %**)" : ""),
                fmt(run.before().rawDb()) + " / " + fmt(run.after().rawDb()),
                "",
                "");
        row(
                table,
                "raw broker baseline, acked publishes/s: before / after (nacks)"
                        + (run.rawBrokerUnstable() ? " (**differ by > 25 %**)" : ""),
                fmt(run.before().rawBroker().confirmedPerSecond()) + " / "
                        + fmt(run.after().rawBroker().confirmedPerSecond()) + " ("
                        + (run.before().rawBroker().nacked()
                                + run.after().rawBroker().nacked()) + ")",
                "",
                "");
        row(
                table,
                "warm-up until the CPU per event was steady, s",
                warmup(run.cdc()),
                warmup(run.polling()),
                warmup(run.polling10()));
        row(
                table,
                "e2e sustained req/s (min of HTTP and pipeline rate)",
                fmt(run.cdc().sustainedRate()),
                fmt(run.polling().sustainedRate()),
                fmt(run.polling10().sustainedRate()));
        row(
                table,
                "e2e sustained req/s, 2 api + 3 worker processes (CPU ms/event total; HTTP p99 ms)",
                fmt(run.scaled().sustainedRate()) + " ("
                        + fmt2(run.scaled().cost().totalCpuMillisPerEvent()) + "; "
                        + fmt(run.scaled().sustained().httpMillis().p99()) + ")",
                "",
                "");
        BenchRun.FanOut fanOut = run.fanOut();
        row(
                table,
                "e2e sustained req/s with a second subscriber (x one subscriber; CPU ms/event worker / second;"
                        + " second's backlog at the end, caught up after s)",
                fmt(fanOut.stage().sustainedRate()) + " (" + fmt2(fanOut.ratioTo(run.cdc())) + " x; "
                        + fmt2(BenchRun.cpu(fanOut.stage(), "worker")) + " / "
                        + fmt2(BenchRun.cpu(fanOut.stage(), Benchmark.SECOND_SUBSCRIBER)) + "; "
                        + fanOut.backlog() + ", " + fmt(fanOut.caughtUp().toMillis() / 1000.0) + ")",
                "",
                "");
        ModeMeasurement.WithUpdates updates = run.cdcWithUpdates();
        row(
                table,
                "e2e sustained events/s with " + Math.round(updates.report().updateRatio() * 100)
                        + " % updates, per-customer order (waits per update)",
                fmt(updates.sustainedRate()) + " (" + fmt2(updates.waitsPerUpdate()) + ")",
                "",
                "");
        row(
                table,
                "update committed->applied with updates at sustained load, p50 / p99 ms",
                fmt(updates.report().updateCommittedToAppliedMillis().p50()) + " / "
                        + fmt(updates.report().updateCommittedToAppliedMillis().p99()),
                "",
                "");
        row(
                table,
                "HTTP p99 at sustained load, ms",
                fmt(run.cdc().sustained().httpMillis().p99()),
                fmt(run.polling().sustained().httpMillis().p99()),
                fmt(run.polling10().sustained().httpMillis().p99()));
        row(
                table,
                "committed->handled at half load, p50 / p99 ms",
                latency(run.cdc().halfLoad()),
                latency(run.polling().halfLoad()),
                "");
        row(
                table,
                "request->handled at half load, p50 / p99 ms",
                requestLatency(run.cdc().halfLoad()),
                requestLatency(run.polling().halfLoad()),
                "");
        row(
                table,
                "committed->handled at 20 req/s, p50 / p99 ms",
                latency(run.cdc().lowLoad()),
                latency(run.polling().lowLoad()),
                "");
        row(
                table,
                "lost / duplicate effects",
                lostAndDuplicates(run.cdc()),
                lostAndDuplicates(run.polling()),
                lostAndDuplicates(run.polling10()));
        row(
                table,
                "relay catch-up, events/s (" + run.catchUp().rows() + " rows; "
                        + fmt(run.catchUp().secondsFromStart()) + " s incl. start)",
                fmt(run.catchUp().eventsPerSecond()),
                "",
                "");
        row(
                table,
                "outbox rows written by the relay per event",
                fmt2(run.cdc().outboxRowsWrittenByRelayPerEvent()),
                fmt2(run.polling().outboxRowsWrittenByRelayPerEvent()),
                "");
        row(
                table,
                "relay rows read per event",
                fmt2(run.cdc().relayRowsReadPerEvent()),
                fmt2(run.polling().relayRowsReadPerEvent()),
                "");
        row(
                table,
                "relay statements/s when idle",
                fmt2(run.cdc().idleStatementsPerSecond()),
                fmt2(run.polling().idleStatementsPerSecond()),
                "");
        budgetRows(table, run.budget());
        row(
                table,
                "relay peak RSS, MB (CDC: load / catch-up)",
                run.cdc().relayPeakRssMegabytes() + " / " + run.catchUp().relayPeakRssMegabytes(),
                Long.toString(run.polling().relayPeakRssMegabytes()),
                Long.toString(run.polling10().relayPeakRssMegabytes()));
        table.append("\nCost per event at sustained load (CPU from /proc, database from its global status):\n\n");
        table.append("| per event | CDC | polling 100 ms | polling 10 ms |\n|---|---|---|---|\n");
        for (String process : run.cdc().cost().cpuMillisPerEvent().keySet()) {
            row(
                    table,
                    "CPU ms, " + process,
                    cpu(run.cdc(), process),
                    cpu(run.polling(), process),
                    cpu(run.polling10(), process));
        }
        row(
                table,
                "**CPU ms, total**",
                fmt2(run.cdc().cost().totalCpuMillisPerEvent()),
                fmt2(run.polling().cost().totalCpuMillisPerEvent()),
                fmt2(run.polling10().cost().totalCpuMillisPerEvent()));
        DatabaseCounters.COUNTERS.forEach((counter, label) -> row(
                table,
                "database: " + label,
                database(run.cdc(), counter),
                database(run.polling(), counter),
                database(run.polling10(), counter)));
        table.append(BrokerLayoutStage.render(run));
        table.append("\n| target | measured | holds |\n|---|---|---|\n");
        for (BenchTargets.Target target : BenchTargets.ALL) {
            row(
                    table,
                    target.name(),
                    target.show(target.measured().applyAsDouble(run)),
                    target.holds(run) ? "yes" : "**no**");
        }
        return table.toString();
    }

    private static void budgetRows(StringBuilder table, DatabaseBudgetStage.Result budget) {
        if (budget.skipped().isPresent()) {
            row(table, "database on a budget: **skipped**: " + budget.skipped().get(), "", "", "");
            return;
        }
        row(
                table,
                "database on a budget (" + budget.applied() + "): e2e sustained req/s",
                fmt(budget.cdc().sustainedRate()),
                fmt(budget.polling().sustainedRate()),
                fmt(budget.polling10().sustainedRate()));
        row(
                table,
                "database on a budget: database CPU ms per event",
                fmt2(budget.cdc().databaseCpuMillisPerEvent()),
                fmt2(budget.polling().databaseCpuMillisPerEvent()),
                fmt2(budget.polling10().databaseCpuMillisPerEvent()));
        row(
                table,
                "database CPU ms per second while idle (nothing written)",
                fmt2(budget.cdc().idleDatabaseCpuMillisPerSecond()),
                fmt2(budget.polling().idleDatabaseCpuMillisPerSecond()),
                fmt2(budget.polling10().idleDatabaseCpuMillisPerSecond()));
    }

    static String renderSummary(List<BenchRun> runs) {
        StringBuilder table = new StringBuilder("## Targets across the " + runs.size() + " runs\n\n");
        table.append("| target | min | median | max | holds in |\n|---|---|---|---|---|\n");
        for (BenchTargets.Target target : BenchTargets.ALL) {
            double[] values =
                    runs.stream().mapToDouble(target.measured()).sorted().toArray();
            long holding = runs.stream().filter(target::holds).count();
            table.append("| ")
                    .append(target.name())
                    .append(" | ")
                    .append(target.show(values[0]))
                    .append(" | ")
                    .append(target.show(median(values)))
                    .append(" | ")
                    .append(target.show(values[values.length - 1]))
                    .append(" | ")
                    .append(
                            holding == runs.size()
                                    ? holding + " of " + runs.size()
                                    : "**" + holding + " of " + runs.size() + "**")
                    .append(" |\n");
        }
        return table.toString();
    }

    /**
     * {@code make bench-variants}: per variant, each round's sustained rate and CPU per event, the
     * medians, and the ratio of the medians to the first variant's.
     */
    /** The stage with updates per variant: rate, update committed->applied, how often an update waited. */
    static String renderUpdateVariants(BenchSettings settings, Map<String, List<ModeMeasurement.WithUpdates>> results) {
        StringBuilder table = new StringBuilder("With " + Math.round(settings.updateRatio() * 100)
                + " % updates (per-customer order), after the sustained stage of the same stack:\n\n");
        table.append("| variant | events/s per round | update committed->applied p50 / p99 ms per round"
                + " | waits per update per round | median p50 / p99 ms | median waits per update |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (var variant : results.entrySet()) {
            List<ModeMeasurement.WithUpdates> rounds = variant.getValue();
            double[] rates = rounds.stream()
                    .mapToDouble(ModeMeasurement.WithUpdates::sustainedRate)
                    .toArray();
            double[] p50 = rounds.stream()
                    .mapToDouble(round ->
                            round.report().updateCommittedToAppliedMillis().p50())
                    .toArray();
            double[] p99 = rounds.stream()
                    .mapToDouble(round ->
                            round.report().updateCommittedToAppliedMillis().p99())
                    .toArray();
            double[] waits = rounds.stream()
                    .mapToDouble(ModeMeasurement.WithUpdates::waitsPerUpdate)
                    .toArray();
            StringBuilder latencies = new StringBuilder();
            for (int i = 0; i < rounds.size(); i++) {
                latencies
                        .append(i == 0 ? "" : ", ")
                        .append(fmt(p50[i]))
                        .append(" / ")
                        .append(fmt(p99[i]));
            }
            row(
                    table,
                    variant.getKey(),
                    join(rates, "%.0f"),
                    latencies.toString(),
                    join(waits, "%.3f"),
                    fmt(median(Arrays.stream(p50).sorted().toArray())) + " / "
                            + fmt(median(Arrays.stream(p99).sorted().toArray())),
                    String.format("%.3f", median(Arrays.stream(waits).sorted().toArray())));
        }
        return table.toString();
    }

    static String renderVariants(BenchSettings settings, Map<String, List<ModeMeasurement.Result>> results) {
        StringBuilder table = new StringBuilder("# make bench-variants, " + Instant.now() + "\n\n")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores; ")
                .append(settings.repeat())
                .append(" rounds, variants alternating; CDC sustained stage, concurrency ")
                .append(settings.concurrency())
                .append(", warm-up ")
                .append(warmup(settings))
                .append(", measure ")
                .append(settings.measure().toSeconds())
                .append(" s\n\n");
        table.append(
                "| variant | req/s per round | CPU ms/event per round | warm-up s per round | median req/s | median CPU ms/event | req/s vs first |\n");
        table.append("|---|---|---|---|---|---|---|\n");
        double reference = 0;
        for (var variant : results.entrySet()) {
            double[] rates = variant.getValue().stream()
                    .mapToDouble(ModeMeasurement.Result::sustainedRate)
                    .toArray();
            double[] cpu = variant.getValue().stream()
                    .mapToDouble(result -> result.cost().totalCpuMillisPerEvent())
                    .toArray();
            double medianRate = median(Arrays.stream(rates).sorted().toArray());
            reference = reference == 0 ? medianRate : reference;
            double[] warmups = variant.getValue().stream()
                    .mapToDouble(result -> result.warmup().toSeconds())
                    .toArray();
            row(
                    table,
                    variant.getKey(),
                    join(rates, "%.0f"),
                    join(cpu, "%.2f"),
                    join(warmups, "%.0f"),
                    fmt(medianRate),
                    fmt2(median(Arrays.stream(cpu).sorted().toArray())),
                    fmt2(medianRate / reference));
        }
        table.append("\nCPU ms per event by process, median of the rounds:\n\n| variant | ")
                .append(String.join(
                        " | ",
                        results.values()
                                .iterator()
                                .next()
                                .get(0)
                                .cost()
                                .cpuMillisPerEvent()
                                .keySet()))
                .append(" |\n|---|")
                .append("---|"
                        .repeat(results.values()
                                .iterator()
                                .next()
                                .get(0)
                                .cost()
                                .cpuMillisPerEvent()
                                .size()))
                .append("\n");
        for (var variant : results.entrySet()) {
            List<String> cells = new ArrayList<>(List.of(variant.getKey()));
            for (String process :
                    variant.getValue().get(0).cost().cpuMillisPerEvent().keySet()) {
                cells.add(fmt2(median(variant.getValue().stream()
                        .mapToDouble(result -> result.cost().cpuOf(process))
                        .sorted()
                        .toArray())));
            }
            row(table, cells.toArray(String[]::new));
        }
        return table.toString();
    }

    private static String join(double[] values, String format) {
        return String.join(
                ", ",
                Arrays.stream(values)
                        .mapToObj(value -> String.format(format, value))
                        .toList());
    }

    static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String warmup(BenchSettings settings) {
        return settings.warmup().toSeconds() + " s, then until steady (at most "
                + settings.warmupMax().toSeconds() + " s)";
    }

    private static String warmup(ModeMeasurement.Result result) {
        return Long.toString(result.warmup().toSeconds());
    }

    private static String cpu(ModeMeasurement.Result result, String process) {
        return fmt2(result.cost().cpuOf(process));
    }

    private static String database(ModeMeasurement.Result result, String counter) {
        return fmt2(result.cost().databaseOf(counter));
    }

    private static String lostAndDuplicates(ModeMeasurement.Result result) {
        return result.reports().stream().mapToLong(Report::lost).sum() + " / "
                + result.reports().stream().mapToLong(Report::duplicateEffects).sum();
    }

    private static String latency(Report report) {
        return fmt(report.endToEndMillis().p50()) + " / "
                + fmt(report.endToEndMillis().p99());
    }

    private static String requestLatency(Report report) {
        return fmt(report.requestToHandledMillis().p50()) + " / "
                + fmt(report.requestToHandledMillis().p99());
    }

    static void row(StringBuilder table, String... cells) {
        table.append("| ").append(String.join(" | ", Arrays.asList(cells))).append(" |\n");
    }

    static String fmt(double value) {
        return String.format("%.0f", value);
    }

    static String fmt2(double value) {
        return String.format("%.2f", value);
    }
}
