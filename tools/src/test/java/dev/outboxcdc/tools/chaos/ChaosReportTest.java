package dev.outboxcdc.tools.chaos;

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
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chaos page's data and structure, without a browser (scripts/check-reports.sh renders it). */
class ChaosReportTest {
    private static final Instant LOAD_STARTED = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void eachScenarioHasItsVerdictRowAndATimelineWithTheFaultAndTheRecoveryMarked(@TempDir Path directory)
            throws Exception {
        Outcome passed = outcome(
                new Scenario(
                        2,
                        "kill -9 worker, restart after 2 s",
                        false,
                        "the restart",
                        Optional.of(Duration.ofSeconds(5)),
                        (stack, clock) -> null),
                FaultEvidence.of(true, "37 unacked deliveries just before the kill"),
                0);
        Outcome failed = outcome(
                new Scenario(
                        7,
                        "two relays at once, active one killed",
                        false,
                        "the kill",
                        Optional.empty(),
                        (stack, clock) -> null),
                new FaultEvidence(
                        true, "standby stood by, published after the kill", Optional.of(Duration.ofMillis(6200))),
                0);

        ChaosReport.of(LOAD_STARTED, 200, Duration.ofSeconds(15), Duration.ofSeconds(5), List.of(passed, failed))
                .write(directory);

        String html = Files.readString(directory.resolve("report.html"));
        assertThat(html)
                .contains("var uPlot=function(){", "function timeChart(", "FAILED: 1 of 2 scenarios", "id=\"verdicts\"")
                .doesNotContain("@REPORT_JSON@", "@CHARTS_JS@", "src=\"http");
        JsonNode json =
                new ObjectMapper().readTree(directory.resolve("report.json").toFile());
        JsonNode seventh = json.get("scenarios").get(1);
        assertThat(seventh.get("passed").asBoolean()).isFalse();
        assertThat(seventh.get("failureReasons").get(0).asText()).isEqualTo("takeover took 6.2 s, over the 5 s target");
        assertThat(seventh.get("takeoverSeconds").asDouble()).isEqualTo(6.2);
        assertThat(seventh.get("faultStartSecond").asDouble()).isEqualTo(5.0);
        assertThat(seventh.get("faultEndSecond").asDouble()).isEqualTo(7.3);
        assertThat(seventh.get("recoverySeconds").asDouble()).isEqualTo(4.0);
        assertThat(seventh.get("recoveredSecond").asDouble())
                .as("from the load's start, where the chart marks it")
                .isEqualTo(11.3);
        assertThat(seventh.get("requestsPerSecond")).hasSize(3);
        JsonNode backlog = seventh.get("backlog");
        assertThat(backlog.get(0).get("backlog").asLong())
                .as("committed in second 0, handled in second 2")
                .isEqualTo(1);
        assertThat(backlog.get(2).get("backlog").asLong()).isZero();
        assertThat(json.get("scenarios").get(0).get("takeoverSeconds").isNull()).isTrue();
    }

    private static Outcome outcome(Scenario scenario, FaultEvidence evidence, long duplicateEffects) {
        List<SecondOfRequests> seconds = List.of(
                new SecondOfRequests(0, 200, 0, 0, 0, 0, 2, 5, 9),
                new SecondOfRequests(1, 150, 0, 0, 50, 0, 3, 8, 40),
                new SecondOfRequests(2, 200, 0, 0, 0, 0, 2, 4, 7));
        LoadResult load = new LoadResult(
                600,
                550,
                Map.of(201, 550L, 503, 50L),
                0,
                new Histogram(3),
                Duration.ofSeconds(3),
                List.of(),
                seconds,
                Map.of(1L, new RequestTiming(0, 1_000)),
                0,
                Map.of());
        Verification verification = new Verification(
                1,
                1,
                0,
                duplicateEffects,
                0,
                List.of(new EndToEnd(LOAD_STARTED.plusMillis(300), Duration.ofMillis(2_000))));
        return new Outcome(
                scenario,
                load,
                verification,
                Recovery.withoutRestart(Duration.ZERO, Duration.ofSeconds(4)),
                evidence,
                new Outcome.Timeline(
                        LOAD_STARTED, Duration.ofSeconds(5), Duration.ofMillis(7300), Duration.ofMillis(11300)),
                Outcome.Targets.ENFORCED);
    }
}
