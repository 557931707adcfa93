package dev.outboxcdc.loadtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Writes report.json and a self-contained report.html (inline SVG charts, no scripts, no CDN). */
public final class ReportWriter {
    private ReportWriter() {
    }

    public static void write(Report report, Path directory) throws IOException {
        Files.createDirectories(directory);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve("report.json").toFile(), report);
        Files.writeString(directory.resolve("report.html"), html(report));
    }

    private static String html(Report report) {
        List<Report.SecondOfEvents> events = report.eventsPerSecond();
        List<Double> ok = report.okPerSecond().stream().map(Long::doubleValue).toList();
        return """
                <!doctype html><html><head><meta charset="utf-8"><title>outbox-cdc load test %s</title>
                <style>body{font-family:sans-serif;margin:2em;max-width:960px}pre{background:#f4f4f4;padding:1em}
                h2{margin-top:2em}.legend span{margin-right:1.5em}</style></head><body>
                <h1>outbox-cdc load test <code>%s</code></h1>
                <p><b>%s</b></p>
                <pre>%s</pre>
                <h2>Throughput per second</h2>
                <p class="legend"><span style="color:#1f77b4">&#9632; HTTP 201 per second</span>
                <span style="color:#2ca02c">&#9632; events committed to the outbox per second</span></p>
                %s
                <h2>End-to-end latency per second of commit (ms)</h2>
                <p class="legend"><span style="color:#ff7f0e">&#9632; p50</span><span style="color:#d62728">&#9632; p99</span></p>
                %s
                </body></html>
                """.formatted(report.runId(), report.runId(), escape((report.passed() ? "PASSED: " : "FAILED: ") + report.verdict()), escape(report.summary()),
                chart(List.of(ok, values(events, e -> e.events())), List.of("#1f77b4", "#2ca02c"), "/s"),
                chart(List.of(values(events, Report.SecondOfEvents::p50Millis), values(events, Report.SecondOfEvents::p99Millis)),
                        List.of("#ff7f0e", "#d62728"), " ms"));
    }

    private static List<Double> values(List<Report.SecondOfEvents> events, ToDoubleFunction<Report.SecondOfEvents> field) {
        return events.stream().map(field::applyAsDouble).toList();
    }

    /** A line chart of several series over seconds, scaled to the largest value. */
    private static String chart(List<List<Double>> series, List<String> colors, String unit) {
        int width = 900;
        int height = 260;
        int points = series.stream().mapToInt(List::size).max().orElse(0);
        double max = series.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).max().orElse(1);
        max = max <= 0 ? 1 : max;
        StringBuilder svg = new StringBuilder("<svg width=\"" + width + "\" height=\"" + (height + 30)
                + "\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"100%\" height=\"" + height
                + "\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        svg.append("<text x=\"4\" y=\"14\" font-size=\"12\">").append(String.format("%.1f%s", max, unit)).append("</text>");
        svg.append("<text x=\"4\" y=\"").append(height + 20).append("\" font-size=\"12\">0 s</text>");
        svg.append("<text x=\"").append(width - 60).append("\" y=\"").append(height + 20).append("\" font-size=\"12\">")
                .append(Math.max(points - 1, 0)).append(" s</text>");
        for (int s = 0; s < series.size(); s++) {
            StringBuilder path = new StringBuilder();
            List<Double> values = series.get(s);
            for (int i = 0; i < values.size(); i++) {
                double x = points <= 1 ? 0 : (double) i / (points - 1) * (width - 10) + 5;
                double y = height - values.get(i) / max * (height - 20) - 5;
                path.append(i == 0 ? "M" : " L").append(String.format("%.1f,%.1f", x, y));
            }
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke-width=\"2\" stroke=\"")
                    .append(colors.get(s)).append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
