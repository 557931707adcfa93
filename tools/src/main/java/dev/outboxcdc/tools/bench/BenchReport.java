package dev.outboxcdc.tools.bench;

import dev.outboxcdc.tools.report.HtmlPage;
import dev.outboxcdc.tools.report.Report;
import dev.outboxcdc.tools.report.Report.PercentilePoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code make bench} writes next to results.md: report.json and report.html with the targets
 * table and its verdicts, the throughput of every stage next to the raw database ceiling (every run), and
 * per run the latency distributions at half and low load, the relay's catch-up curve and what an
 * event costs each process and the database. Layout and script: {@code report/bench-report.html}.
 */
record BenchReport(
        String title,
        String settings,
        boolean passed,
        List<TargetRow> targets,
        List<String> stages,
        List<RunFigures> runs) {

    /** Throughput stages, in the order of the bars. */
    private static final List<String> STAGES =
            List.of("raw DB (tx/s)", "CDC", "CDC scaled out", "CDC + updates", "polling 100 ms", "polling 10 ms");

    /** A target's value in each run, min / median / max, and in how many runs it held. */
    record TargetRow(String name, List<String> measured, String min, String median, String max, long holdsIn) {}

    /**
     * One run's figures.
     *
     * @param throughput    per stage of {@link #STAGES}: events (raw DB: transactions) per second
     * @param rawBroker     the broker's ceiling, confirmed publishes per second: the relay catch-up's
     * @param cpuPerEvent   by relay mode, CPU milliseconds per event of each process of {@code processes}
     * @param databasePerEvent by relay mode, each of {@code databaseCounters} per event
     */
    record RunFigures(
            int number,
            List<Double> throughput,
            double rawBroker,
            Latency halfLoad,
            Latency lowLoad,
            CatchUp.Result catchUp,
            List<String> processes,
            Map<String, List<Double>> cpuPerEvent,
            List<String> databaseCounters,
            Map<String, List<Double>> databasePerEvent) {}

    /** committed → handled by percentile, CDC and polling (100 ms), at the rates they were run at. */
    record Latency(double cdcRate, List<PercentilePoint> cdc, double pollingRate, List<PercentilePoint> polling) {
        static Latency of(Report cdc, Report polling) {
            return new Latency(
                    cdc.targetRate(), cdc.endToEndDistribution(), polling.targetRate(), polling.endToEndDistribution());
        }
    }

    static BenchReport of(BenchSettings settings, Instant at, List<BenchRun> runs) {
        List<TargetRow> targets = BenchTargets.ALL.stream()
                .map(target -> {
                    double[] values =
                            runs.stream().mapToDouble(target.measured()).toArray();
                    double[] sorted = Arrays.stream(values).sorted().toArray();
                    return new TargetRow(
                            target.name(),
                            Arrays.stream(values).mapToObj(target::show).toList(),
                            target.show(sorted[0]),
                            target.show(BenchTable.median(sorted)),
                            target.show(sorted[sorted.length - 1]),
                            runs.stream().filter(target::holds).count());
                })
                .toList();
        boolean passed = targets.stream().allMatch(target -> target.holdsIn() == runs.size());
        return new BenchReport(
                "make bench, " + at,
                BenchTable.header(settings, at).lines().skip(2).findFirst().orElse(""),
                passed,
                targets,
                STAGES,
                runs.stream().map(BenchReport::figures).toList());
    }

    private static RunFigures figures(BenchRun run) {
        List<Double> throughput = List.of(
                run.rawDb(),
                run.cdc().sustainedRate(),
                run.scaled().sustainedRate(),
                run.cdcWithUpdates().sustainedRate(),
                run.polling().sustainedRate(),
                run.polling10().sustainedRate());
        Map<String, ModeMeasurement.Result> modes = new LinkedHashMap<>();
        modes.put("CDC", run.cdc());
        modes.put("polling 100 ms", run.polling());
        modes.put("polling 10 ms", run.polling10());
        List<String> processes =
                List.copyOf(run.cdc().cost().cpuMillisPerEvent().keySet());
        List<String> counters = List.copyOf(DatabaseCounters.COUNTERS.keySet());
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> database = new LinkedHashMap<>();
        modes.forEach((mode, result) -> {
            cpu.put(
                    mode,
                    processes.stream()
                            .map(process -> result.cost().cpuOf(process))
                            .toList());
            database.put(
                    mode,
                    counters.stream()
                            .map(counter -> result.cost().databaseOf(counter))
                            .toList());
        });
        return new RunFigures(
                run.number(),
                throughput,
                run.rawBroker(),
                Latency.of(run.cdc().halfLoad(), run.polling().halfLoad()),
                Latency.of(run.cdc().lowLoad(), run.polling().lowLoad()),
                run.catchUp(),
                processes,
                cpu,
                counters.stream().map(DatabaseCounters.COUNTERS::get).toList(),
                database);
    }

    void write(Path directory) throws IOException {
        long missed = targets.stream()
                .filter(target -> target.holdsIn() < runs.size())
                .count();
        HtmlPage.write(
                directory,
                "bench-report.html",
                Map.of(
                        "TITLE", title,
                        "VERDICT_CLASS", passed ? "passed" : "failed",
                        "VERDICT",
                                passed
                                        ? "PASSED: every target held in every run"
                                        : "MISSED: " + missed + " of " + targets.size()
                                                + " targets did not hold in every run"),
                this);
    }
}
