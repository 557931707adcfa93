package dev.outboxcdc.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outboxcdc.support.config.ConfigException;
import dev.outboxcdc.support.config.Env;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private final PrometheusMeterRegistry registry = ServiceMetrics.create("test", new Env(Map.of()));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheRegistryInPrometheusTextFormatTaggedWithTheService() throws Exception {
        registry.counter("outbox.test.things").increment(3);
        try (AdminServer server = AdminServer.start(0, "TEST_ADMIN_PORT", registry, Readiness::up)) {
            HttpResponse<String> metrics = get(server, "/metrics");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(metrics.body())
                    .contains("outbox_test_things_total{service=\"test\"} 3.0")
                    .contains("jvm_memory_used_bytes{")
                    .contains("process_cpu_usage{");
            assertThat(get(server, "/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void readinessAnswers503WithTheStatusAndReasonWhileNotReady() throws Exception {
        AtomicReference<Readiness> readiness =
                new AtomicReference<>(Readiness.down("STANDBY", "another relay named outbox-relay is active"));
        try (AdminServer server = AdminServer.start(0, "TEST_ADMIN_PORT", registry, readiness::get)) {
            HttpResponse<String> standby = get(server, "/health/ready");
            assertThat(standby.statusCode()).isEqualTo(503);
            assertThat(standby.body())
                    .isEqualTo("{\"status\":\"STANDBY\",\"reason\":\"another relay named outbox-relay is active\"}");

            readiness.set(Readiness.up());

            HttpResponse<String> up = get(server, "/health/ready");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPortInUseStopsTheServiceNamingTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(
                            () -> AdminServer.start(taken.getLocalPort(), "RELAY_ADMIN_PORT", registry, Readiness::up))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("RELAY_ADMIN_PORT=" + taken.getLocalPort() + ": cannot listen there");
        }
    }

    @Test
    void onlyGetIsAnswered() throws Exception {
        try (AdminServer server = AdminServer.start(0, "TEST_ADMIN_PORT", registry, Readiness::up)) {
            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    private HttpResponse<String> get(AdminServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsSwitchedOffLeaveTheEndpointEmpty() throws Exception {
        PrometheusMeterRegistry off = ServiceMetrics.create("test", new Env(Map.of("METRICS_ENABLED", "false")));
        off.counter("outbox.test.things").increment();
        try (AdminServer server = AdminServer.start(0, "TEST_ADMIN_PORT", off, Readiness::up)) {
            assertThat(get(server, "/metrics").body()).isBlank();
        }
    }
}
