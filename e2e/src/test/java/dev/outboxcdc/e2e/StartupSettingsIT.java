package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.TestEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A service started with a bad setting, or without a secret outside development, stops at once, exit
 * 2, naming the variable; one started with a mistyped variable says so and starts.
 */
class StartupSettingsIT {

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(
                        "api",
                        "dev.outboxcdc.api.Main",
                        Map.of("OTEL_TRACES_EXPORTER", "zipkin"),
                        "OTEL_TRACES_EXPORTER"),
                Arguments.of(
                        "api",
                        "dev.outboxcdc.api.Main",
                        Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT", "not a url"),
                        "OTEL_EXPORTER_OTLP_ENDPOINT"),
                Arguments.of("api", "dev.outboxcdc.api.Main", Map.of("LOG_FORMAT", "xml"), "LOG_FORMAT"),
                Arguments.of(
                        "cdc-relay",
                        "dev.outboxcdc.relay.Main",
                        Map.of("RELAY_ADMIN_PORT", "ninety-one-oh-one"),
                        "RELAY_ADMIN_PORT"),
                Arguments.of(
                        "cdc-relay",
                        "dev.outboxcdc.relay.Main",
                        Map.of("OTEL_TRACES_EXPORTER", "jaeger"),
                        "OTEL_TRACES_EXPORTER"),
                Arguments.of(
                        "worker",
                        "dev.outboxcdc.worker.Main",
                        Map.of("WORKER_ADMIN_PORT", "99999"),
                        "WORKER_ADMIN_PORT"),
                Arguments.of(
                        "worker",
                        "dev.outboxcdc.worker.Main",
                        Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon", "OTEL_TRACES_EXPORTER", "otlp"),
                        "OTEL_EXPORTER_OTLP_PROTOCOL"),
                Arguments.of("worker", "dev.outboxcdc.worker.Main", Map.of("LOG_FORMAT", "JSON"), "LOG_FORMAT"),
                // Outside development, a secret left unset is not replaced by the one published here.
                Arguments.of("api", "dev.outboxcdc.api.Main", Map.of("OUTBOX_ENV", "production"), "DB_PASSWORD"),
                Arguments.of(
                        "api",
                        "dev.outboxcdc.api.Main",
                        Map.of("OUTBOX_ENV", "production", "DB_PASSWORD", "api-secret"),
                        "DB_MIGRATION_PASSWORD"),
                Arguments.of(
                        "worker",
                        "dev.outboxcdc.worker.Main",
                        Map.of(
                                "OUTBOX_ENV",
                                "production",
                                "DB_PASSWORD",
                                "worker-secret",
                                "DB_MIGRATION_PASSWORD",
                                "migration-secret"),
                        "AMQP_URI"));
    }

    @ParameterizedTest(name = "{0} with {2}")
    @MethodSource("badSettings")
    void stopsAtStartNamingTheVariable(String module, String main, Map<String, String> bad, String variable)
            throws Exception {
        ServiceProcess service = ServiceProcess.startModule(
                module, main, TestEnvironment.get().variables(bad), "bad-setting-" + module + "-" + variable);

        assertThat(service.awaitExit(Duration.ofSeconds(60)))
                .as(service.output())
                .isEqualTo(2);
        assertThat(service.output()).contains(variable);
    }

    @Test
    void warnsAboutAMistypedVariableWithTheNearestKnownNameAndStartsAnyway() throws Exception {
        ServiceProcess worker = ServiceProcess.startModule(
                "worker",
                "dev.outboxcdc.worker.Main",
                TestEnvironment.get().variables(Map.of("WORKER_PREFECH", "10", "WORKER_ADMIN_PORT", "0")),
                "mistyped-setting-worker");
        try {
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(worker.readyAfterJvmStart())
                            .as(worker.output())
                            .isPresent());
            assertThat(worker.output())
                    .contains("Unknown variable WORKER_PREFECH (ignored): did you mean WORKER_PREFETCH?");
        } finally {
            worker.stopCleanly(Duration.ofSeconds(30));
        }
    }
}
