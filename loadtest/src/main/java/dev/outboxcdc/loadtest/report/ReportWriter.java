package dev.outboxcdc.loadtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes report.json and report.html: one self-contained page (the uPlot chart library and the
 * run's data inlined, no CDN) with the verdict, the settings, the series over time and the latency
 * distributions. The page's layout and scripts are in {@code report/loadtest-report.html}.
 */
public final class ReportWriter {
    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static void write(Report report, Path directory) throws IOException {
        Files.createDirectories(directory);
        JSON.writeValue(directory.resolve("report.json").toFile(), report);
        Files.writeString(directory.resolve("report.html"), html(report));
    }

    static String html(Report report) throws IOException {
        return resource("report/loadtest-report.html")
                .replace("@UPLOT_VERSION@", UPLOT_VERSION)
                .replace("@RUN_ID@", escape(report.runId()))
                .replace("@VERDICT_CLASS@", report.passed() ? "passed" : "failed")
                .replace("@VERDICT@", escape((report.passed() ? "PASSED: " : "FAILED: ") + report.verdict()))
                .replace("@SUMMARY@", escape(report.summary()))
                // the library and the data last, so that no placeholder is looked for inside them
                .replace("@UPLOT_CSS@", resource(UPLOT + "uPlot.min.css"))
                .replace("@REPORT_JSON@", JSON.writeValueAsString(report).replace("</", "<\\/"))
                .replace("@UPLOT_JS@", resource(UPLOT + "uPlot.iife.min.js"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportWriter.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing on the classpath: " + name));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
