package dev.outboxcdc.tools.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.outboxcdc.support.web.Webjar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a report as {@code report.json} and {@code report.html}: one self-contained page, the
 * uPlot chart library, the shared styles and chart helpers ({@code report/report.css}, {@code report/charts.js}) and the data inlined (no
 * CDN, it opens offline). The page's layout and script are a template under {@code report/}; its
 * {@code @NAME@} placeholders take the given texts, HTML-escaped, and {@code @REPORT_JSON@} the data.
 */
public final class HtmlPage {
    static final Webjar UPLOT_JAR = Webjar.npm("uplot");
    private static final String UPLOT = UPLOT_JAR.directory() + "dist/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HtmlPage() {}

    public static void write(Path directory, String template, Map<String, String> texts, Object data)
            throws IOException {
        Files.createDirectories(directory);
        JSON.writeValue(directory.resolve("report.json").toFile(), data);
        Files.writeString(directory.resolve("report.html"), render(template, texts, data));
    }

    static String render(String template, Map<String, String> texts, Object data) throws IOException {
        String page = resource("report/" + template).replace("@UPLOT_VERSION@", UPLOT_JAR.version());
        for (Map.Entry<String, String> text : texts.entrySet()) {
            page = page.replace("@" + text.getKey() + "@", escape(text.getValue()));
        }
        // the library and the data last, so that no placeholder is looked for inside them
        return page.replace("@UPLOT_CSS@", resource(UPLOT + "uPlot.min.css"))
                .replace("@REPORT_CSS@", resource("report/report.css"))
                .replace("@CHARTS_JS@", resource("report/charts.js"))
                .replace("@REPORT_JSON@", JSON.writeValueAsString(data).replace("</", "<\\/"))
                .replace("@UPLOT_JS@", resource(UPLOT + "uPlot.iife.min.js"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HtmlPage.class.getClassLoader().getResourceAsStream(name)) {
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
