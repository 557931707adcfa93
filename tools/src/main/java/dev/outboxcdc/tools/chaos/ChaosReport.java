package dev.outboxcdc.tools.chaos;

import dev.outboxcdc.tools.load.SecondOfRequests;
import dev.outboxcdc.tools.report.HtmlPage;
import dev.outboxcdc.tools.report.SecondOfBacklog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code make chaos} writes next to results.md: report.json and report.html, the verdict table
 * on top and, per scenario, its timeline (requests by outcome, the pipeline's backlog) with the
 * fault's start and end and the recovery marked. Layout and script: {@code report/chaos-report.html}.
 */
public record ChaosReport(
        String runAt,
        int rate,
        double secondsPerScenario,
        double faultAfterSeconds,
        boolean passed,
        List<ScenarioTimeline> scenarios) {

    /**
     * One scenario's row of the verdict table and its series, seconds counted from the start of its load.
     *
     * @param takeoverSeconds scenario 7 only (null elsewhere)
     */
    public record ScenarioTimeline(
            int number,
            String name,
            boolean passed,
            List<String> failureReasons,
            String faultSeen,
            long ok,
            long failed,
            Map<Integer, Long> statuses,
            long created,
            long ambiguousCommits,
            long handled,
            long lost,
            long duplicateDeliveries,
            long duplicateEffects,
            double recoverySeconds,
            @Nullable Double takeoverSeconds,
            double faultStartSecond,
            double faultEndSecond,
            double recoveredSecond,
            List<SecondOfRequests> requestsPerSecond,
            List<SecondOfBacklog> backlog) {

        static ScenarioTimeline of(Outcome outcome) {
            Outcome.Timeline timeline = outcome.timeline();
            return new ScenarioTimeline(
                    outcome.scenario().number(),
                    outcome.scenario().name(),
                    outcome.passed(),
                    outcome.failureReasons(),
                    outcome.evidence().observed(),
                    outcome.load().ok(),
                    outcome.load().failed(),
                    outcome.load().statuses(),
                    outcome.verification().created(),
                    outcome.ambiguousCommits(),
                    outcome.verification().handled(),
                    outcome.verification().lost(),
                    outcome.verification().duplicateDeliveries(),
                    outcome.verification().duplicateEffects(),
                    seconds(outcome.recovery().total()),
                    outcome.evidence().takeover().map(ChaosReport::seconds).orElse(null),
                    seconds(timeline.faultStart()),
                    seconds(timeline.faultEnd()),
                    seconds(timeline.recovered()),
                    outcome.load().requestsPerSecond(),
                    SecondOfBacklog.series(outcome.verification().endToEnd(), timeline.loadStarted()));
        }
    }

    static ChaosReport of(Instant runAt, int rate, Duration perScenario, Duration faultAfter, List<Outcome> outcomes) {
        return new ChaosReport(
                runAt.toString(),
                rate,
                seconds(perScenario),
                seconds(faultAfter),
                outcomes.stream().allMatch(Outcome::passed),
                outcomes.stream().map(ScenarioTimeline::of).toList());
    }

    void write(Path directory) throws IOException {
        long failed = scenarios.stream().filter(scenario -> !scenario.passed()).count();
        HtmlPage.write(
                directory,
                "chaos-report.html",
                Map.of(
                        "RUN_AT", runAt,
                        "VERDICT_CLASS", passed ? "passed" : "failed",
                        "VERDICT",
                                passed
                                        ? "PASSED: every scenario lost nothing and applied nothing twice, and its fault was seen"
                                        : "FAILED: " + failed + " of " + scenarios.size() + " scenarios"),
                this);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
