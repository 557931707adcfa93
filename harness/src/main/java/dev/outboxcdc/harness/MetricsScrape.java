package dev.outboxcdc.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One scrape of a service's {@code /metrics} (Prometheus text format), read the way a query would:
 * {@link #sum(String)} adds up every series of a metric, whatever its labels.
 */
public record MetricsScrape(String text) {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static MetricsScrape of(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(metrics + " answered " + response.statusCode());
        }
        return new MetricsScrape(response.body());
    }

    /** The sum of every sample named exactly {@code metric}; 0 if there is none. */
    public double sum(String metric) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    public boolean has(String metric) {
        return text.lines().anyMatch(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"));
    }
}
