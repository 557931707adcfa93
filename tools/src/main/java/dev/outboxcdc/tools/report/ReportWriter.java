package dev.outboxcdc.tools.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The load test's report.json and report.html: the verdict, the settings, the series over time and
 * the latency distributions. The page's layout and script are in {@code report/loadtest-report.html}.
 */
public final class ReportWriter {
    private ReportWriter() {}

    public static void write(Report report, Path directory) throws IOException {
        HtmlPage.write(directory, "loadtest-report.html", texts(report), report);
    }

    private static Map<String, String> texts(Report report) {
        return Map.of(
                "RUN_ID",
                report.runId(),
                "VERDICT_CLASS",
                report.passed() ? "passed" : "failed",
                "VERDICT",
                (report.passed() ? "PASSED: " : "FAILED: ") + report.verdict(),
                "SUMMARY",
                report.summary());
    }
}
