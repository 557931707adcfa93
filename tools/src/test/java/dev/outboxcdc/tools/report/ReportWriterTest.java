package dev.outboxcdc.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.tools.load.LoadResult;
import dev.outboxcdc.tools.load.RequestTiming;
import dev.outboxcdc.tools.load.SecondOfRequests;
import dev.outboxcdc.tools.verify.PipelineVerifier.EndToEnd;
import dev.outboxcdc.tools.verify.PipelineVerifier.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's data and structure, without a browser (scripts/check-reports.sh renders it where Chromium is installed). */
class ReportWriterTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void theReportIsOneSelfContainedPageWithTheChartLibraryTheRunsDataAndItsRealVerdict(@TempDir Path directory)
            throws Exception {
        ReportWriter.write(report("lt-</script>-1"), directory);

        String html = Files.readString(directory.resolve("report.html"));
        assertThat(html)
                .contains("var uPlot=function(){")
                .contains(".uplot")
                .contains("PASSED: nothing lost, no effect twice");
        assertThat(html)
                .doesNotContain("src=\"http")
                .doesNotContain("href=\"http")
                .doesNotContain("@REPORT_JSON@");
        assertThat(html)
                .contains(
                        "id=\"requests\"",
                        "id=\"http-latency\"",
                        "id=\"e2e-latency\"",
                        "id=\"backlog\"",
                        "id=\"distribution\"");
        assertThat(html)
                .as("a run's text cannot end the script")
                .contains("lt-<\\/script>-1")
                .doesNotContain("lt-</script>-1");

        JsonNode json =
                new ObjectMapper().readTree(directory.resolve("report.json").toFile());
        assertThat(json.get("requestsPerSecond")).hasSize(3);
        assertThat(json.get("requestsPerSecond").get(1).get("serverErrors").asLong())
                .isEqualTo(4);
        assertThat(json.get("backlog").get(0).get("backlog").asLong())
                .as("committed in second 0, handled in second 1")
                .isEqualTo(2);
        assertThat(json.get("httpLatencyDistribution").size()).isGreaterThan(3);
        assertThat(json.get("httpLatencyDistribution")
                        .get(json.get("httpLatencyDistribution").size() - 1)
                        .get("percentile")
                        .asDouble())
                .isEqualTo(100.0);
    }

    private static Report report(String runId) {
        Histogram latency = new Histogram(3);
        for (int i = 1; i <= 1_000; i++) {
            latency.recordValue(i * 10L);
        }
        List<SecondOfRequests> seconds = List.of(
                new SecondOfRequests(0, 10, 0, 0, 0, 0, 2, 5, 9),
                new SecondOfRequests(1, 6, 0, 0, 4, 0, 3, 8, 40),
                new SecondOfRequests(2, 12, 0, 0, 0, 0, 2, 4, 7));
        Map<Long, RequestTiming> created = Map.of(1L, new RequestTiming(0, 1_000), 2L, new RequestTiming(0, 1_000));
        LoadResult load = new LoadResult(
                2,
                2,
                Map.of(201, 2L),
                0,
                latency,
                Duration.ofSeconds(3),
                List.of(1L, 1L),
                seconds,
                created,
                0,
                Map.of());
        List<EndToEnd> events = List.of(
                new EndToEnd(T0, Duration.ofMillis(1_500)), new EndToEnd(T0.plusMillis(100), Duration.ofMillis(1_200)));
        Verification verification = new Verification(2, 2, 0, 0, 0, events);
        return Report.of(runId, 0, 4, 0, load, verification, Map.of(1L, 5_000L, 2L, 5_000L));
    }
}
