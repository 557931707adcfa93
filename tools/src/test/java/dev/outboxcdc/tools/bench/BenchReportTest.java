package dev.outboxcdc.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.tools.load.LoadResult;
import dev.outboxcdc.tools.load.RequestTiming;
import dev.outboxcdc.tools.report.Report;
import dev.outboxcdc.tools.verify.PipelineVerifier.EndToEnd;
import dev.outboxcdc.tools.verify.PipelineVerifier.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench page's data and structure, without a browser (scripts/check-reports.sh renders it). */
class BenchReportTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final BenchSettings SETTINGS = new BenchSettings(
            2,
            32,
            Duration.ofSeconds(10),
            Duration.ofSeconds(180),
            Duration.ofSeconds(20),
            Duration.ofSeconds(5),
            20_000,
            0.5,
            500);

    @Test
    void theTargetsCarryEveryRunsValueAndVerdictAndEachRunItsFigures(@TempDir Path directory) throws Exception {
        BenchRun fast = run(1, 600, 0.9);
        BenchRun slow = run(2, 300, 1.5);

        BenchReport.of(SETTINGS, T0, List.of(fast, slow)).write(directory);

        String html = Files.readString(directory.resolve("report.html"));
        assertThat(html)
                .contains(
                        "var uPlot=function(){",
                        "function barChart(",
                        "id=\"targets\"",
                        "id=\"throughput\"",
                        "id=\"catchup\"")
                .contains("MISSED: ")
                .doesNotContain("@REPORT_JSON@", "@CHARTS_JS@", "src=\"http");
        JsonNode json =
                new ObjectMapper().readTree(directory.resolve("report.json").toFile());
        assertThat(json.get("settings").asText())
                .startsWith(Runtime.getRuntime().availableProcessors() + " cores; 2 runs");
        JsonNode cpuTarget = target(json, "CDC api CPU per event <= 0.5 x database CPU per event");
        assertThat(cpuTarget.get("measured").get(0).asText()).isEqualTo("0.45");
        assertThat(cpuTarget.get("measured").get(1).asText()).isEqualTo("0.75");
        assertThat(cpuTarget.get("holdsIn").asLong())
                .as("it held in the first run only")
                .isEqualTo(1);
        JsonNode budgetTarget = target(json, "database on a budget: CDC e2e sustained >= 1.05 x polling (10 ms)");
        assertThat(budgetTarget.get("measured").get(0).asText()).isEqualTo("skipped");
        assertThat(budgetTarget.get("holdsIn").asLong())
                .as("a skipped stage never counts as a pass")
                .isZero();
        JsonNode first = json.get("runs").get(0);
        assertThat(json.get("stages")).hasSize(first.get("throughput").size());
        assertThat(first.get("throughput").get(0).asDouble()).as("raw DB").isEqualTo(1_000.0);
        assertThat(first.get("throughput").get(1).asDouble())
                .as("CDC")
                .isEqualTo(fast.cdc().sustainedRate());
        assertThat(json.get("runs").get(1).get("throughput").get(1).asDouble())
                .isLessThan(fast.cdc().sustainedRate());
        assertThat(first.get("rawBroker").asDouble()).isEqualTo(20_000.0);
        assertThat(first.get("catchUp").get("arrivals")).hasSize(3);
        assertThat(first.get("cpuPerEvent").get("polling 100 ms"))
                .hasSize(first.get("processes").size());
        assertThat(first.get("halfLoad").get("cdc").size()).isGreaterThan(3);
    }

    @Test
    void eachRunsTableListsTheBrokerLayoutsAndSaysWhyOneWasNotMeasured() {
        BenchRun run = run(1, 600, 0.9);
        String rate = String.format("%.0f", run.cdc().sustainedRate());

        String table = BenchTable.renderRun(run);

        assertThat(table)
                .contains("| one node, quorum queues, one queue | " + rate + " | 0.20 / 2.10 | " + rate + " |")
                .contains("| one node, classic queues, one queue | " + rate + " | 0.20 / 2.01 | – |")
                .contains("| 3-node cluster, quorum queues, 8 partitions | **skipped**: no cluster in this test |")
                .contains("| quorum queues: CDC e2e sustained >= 0.85 x classic queues | 1.00 | yes |")
                .contains("| partitions: waits per update <= 0.01 | 0.000 | yes |");
    }

    private static JsonNode target(JsonNode json, String name) {
        for (JsonNode target : json.get("targets")) {
            if (target.get("name").asText().equals(name)) {
                return target;
            }
        }
        throw new AssertionError("no target " + name);
    }

    private static BenchRun run(int number, int eventsPerSecond, double cpuMillis) {
        Report report = report(eventsPerSecond);
        ModeMeasurement.Result cdc = result("cdc", report, cpuMillis);
        BenchRun.Baselines baselines = new BenchRun.Baselines(1_000, new RawBrokerBaseline.Result(20_000, 0));
        CatchUp.Result catchUp = new CatchUp.Result(
                20_000,
                10_000,
                2.5,
                180,
                List.of(
                        new CatchUp.Arrived(0.1, 0),
                        new CatchUp.Arrived(0.2, 9_000),
                        new CatchUp.Arrived(0.3, 20_000)));
        return new BenchRun(
                number,
                baselines,
                baselines,
                cdc,
                new ModeMeasurement.WithUpdates(report, 10, report),
                cdc,
                new BenchRun.FanOut(cdc, 0, Duration.ofMillis(300)),
                catchUp,
                result("polling", report, 2.0),
                result("polling", report, 2.5),
                DatabaseBudgetStage.Result.skipped("no CPU cgroup in this test"),
                layouts(result("cdc, classic queues", report, cpuMillis * 0.9), report));
    }

    private static BrokerLayoutStage.Result layouts(ModeMeasurement.Result classic, Report report) {
        BrokerLayoutStage.Layout partitioned =
                new BrokerLayoutStage.Layout(classic, Optional.of(new ModeMeasurement.WithUpdates(report, 0, report)));
        return new BrokerLayoutStage.Result(
                new BrokerLayoutStage.Layout(classic, Optional.empty()),
                partitioned,
                Optional.empty(),
                Optional.of("no cluster in this test"));
    }

    private static ModeMeasurement.Result result(String mode, Report report, double cpuMillis) {
        Map<String, Double> cpu = new LinkedHashMap<>(Map.of("api", cpuMillis / 2));
        cpu.put("relay", cpuMillis / 4);
        cpu.put("worker", cpuMillis / 4);
        cpu.put("database", 1.0);
        cpu.put("broker", 0.2);
        Map<String, Double> database = new LinkedHashMap<>();
        DatabaseCounters.COUNTERS.keySet().forEach(counter -> database.put(counter, 1.0));
        return new ModeMeasurement.Result(
                mode, report, new StageCost(cpu, database), report, report, 0, 1, 0, 200, Duration.ofSeconds(40));
    }

    /** 1,000 events at {@code eventsPerSecond}, committed evenly, each handled 20 ms later. */
    private static Report report(int eventsPerSecond) {
        Histogram latency = new Histogram(3);
        Map<Long, RequestTiming> created = new LinkedHashMap<>();
        Map<Long, Long> handled = new LinkedHashMap<>();
        List<EndToEnd> events = new java.util.ArrayList<>();
        for (long n = 1; n <= 1_000; n++) {
            latency.recordValue(1_000 + n);
            created.put(n, new RequestTiming(0, 1_000));
            handled.put(n, 21_000L + n * 10);
            events.add(new EndToEnd(T0.plusMillis(n * 1_000 / eventsPerSecond), Duration.ofMillis(20)));
        }
        LoadResult load = new LoadResult(
                1_000,
                1_000,
                Map.of(201, 1_000L),
                0,
                latency,
                Duration.ofSeconds(1),
                List.of(),
                List.of(),
                created,
                0,
                Map.of());
        return Report.of("bench", 0, 32, 0, load, new Verification(1_000, 1_000, 0, 0, 0, events), handled);
    }
}
