package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.CuttableConnections;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/ready} of the three services, as an orchestrator would probe it: ready while
 * serving, 503 with the reason while their database is unreachable, ready again after, and a
 * standby relay saying it stands by.
 */
class HealthIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyServiceIsUnreadyWithinFiveSecondsOfLosingItsDatabaseAndReadyAgainAfter() throws Exception {
        try (CuttableConnections connections = CuttableConnections.open();
                ServiceStack stack = new ServiceStack("health", connections.environment()).start()) {
            URI api = stack.apiUrl.resolve("/health/ready");
            URI worker = readinessOf(stack.worker());
            URI relay = readinessOf(stack.relay());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(status(api)).isEqualTo(200);
                assertThat(status(worker)).isEqualTo(200);
                assertThat(status(relay)).isEqualTo(200);
            });
            assertThat(body(relay)).isEqualTo("{\"status\":\"UP\"}");
            assertThat(status(stack.apiUrl.resolve("/health")))
                    .as("the seed's health path stays")
                    .isEqualTo(200);

            connections.database().cut();

            // Each check gives up within a few seconds of its own; 20 s is a bound for a busy machine.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(status(api)).isEqualTo(503);
                assertThat(status(worker)).isEqualTo(503);
                assertThat(status(relay)).isEqualTo(503);
            });
            assertThat(body(worker)).contains("\"status\":\"DOWN\"").contains("database");
            assertThat(status(stack.apiUrl.resolve("/health/live")))
                    .as("alive, only not ready")
                    .isEqualTo(200);

            connections.database().restore();

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(status(api)).isEqualTo(200);
                assertThat(status(worker)).isEqualTo(200);
                assertThat(status(relay)).isEqualTo(200);
            });
        }
    }

    @Test
    void aSecondRelayOfTheSameNameReportsItselfAsStandingBy() throws Exception {
        try (ServiceStack stack = new ServiceStack("health-standby", java.util.Map.of()).start()) {
            ServiceProcess active = stack.relay();
            stack.startRelay();
            URI standby = readinessOf(stack.relay());

            await().atMost(Duration.ofSeconds(30)).until(() -> body(standby).contains("STANDBY"));
            assertThat(status(standby)).isEqualTo(503);
            assertThat(status(readinessOf(active))).isEqualTo(200);

            active.kill();

            await().atMost(Duration.ofSeconds(60)).until(() -> status(standby) == 200);
        }
    }

    private static URI readinessOf(ServiceProcess service) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> service.metricsUrl().isPresent());
        return service.metricsUrl().orElseThrow().resolve("/health/ready");
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        return get(uri).statusCode();
    }

    private static String body(URI uri) throws IOException, InterruptedException {
        return get(uri).body();
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
