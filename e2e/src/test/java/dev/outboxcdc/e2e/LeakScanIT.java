package dev.outboxcdc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outboxcdc.harness.ProjectRoot;
import dev.outboxcdc.harness.ServiceProcess;
import dev.outboxcdc.harness.ServiceStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secrets never leak: every log line the suite's services wrote (each module's {@code
 * target/service-logs}, as far as the build has come, and this test's own), and every metric and
 * health body of a stack of its own, hold none of the passwords the services run with, no URI with
 * credentials in it and no {@code Authorization} header. The stack is given the failures where a
 * leak usually hides: a relay refused by the database and a worker refused by the broker (each
 * logs why), and a bad request.
 */
class LeakScanIT {
    /** The development secrets every service of the suite runs with (mysql-config/init.sql). */
    private static final List<String> DEV_SECRETS =
            List.of("api-secret", "relay-secret", "worker-secret", "ctl-secret", "admin-secret", "replication-secret");

    private static final Pattern URI_WITH_CREDENTIALS =
            Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^\\s/@:\"'<>]+:[^\\s/@\"'<>]+@");
    private static final Pattern AUTHORIZATION =
            Pattern.compile("(?i)\\bauthorization\\b\\s*[:=]|\\bBasic [A-Za-z0-9+/]{8,}={0,2}");
    /** {@code password=...} or {@code password: ...}, but not MariaDB's "(using password: YES)" nor a masked value. */
    private static final Pattern PASSWORD_ASSIGNED =
            Pattern.compile("(?i)password\\s*[=:]\\s*(?!(?:YES|NO)\\b)[^\\s,;)\\]}*]{3,}");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void noLogLineMetricOrHealthBodyOfTheSuitesServicesHoldsASecret() throws Exception {
        String probe = "leak-probe-" + UUID.randomUUID();
        List<String> secrets = new ArrayList<>(DEV_SECRETS);
        secrets.add(probe);
        Map<String, String> bodies = new LinkedHashMap<>();
        List<Path> logs = new ArrayList<>();
        try (ServiceStack stack = new ServiceStack("leakscan", Map.of()).start()) {
            send(stack.apiUrl.resolve("/customers"), "{\"email\":\"leak@example.com\",\"name\":\"Ada\"}");
            send(stack.apiUrl.resolve("/customers"), "{\"email\":");
            for (String service : List.of("relay", "worker")) {
                Map<String, String> refused = new HashMap<>(stack.relayEnvironment());
                if (service.equals("relay")) {
                    refused.put("DB_PASSWORD", probe);
                } else {
                    refused.put(
                            "AMQP_URI",
                            "amqp://guest:" + probe + "@"
                                    + stack.amqp().addresses().get(0));
                }
                refused.put("RELAY_NAME", "leakscan-refused-" + service);
                ServiceProcess process = ServiceProcess.startModule(
                        service.equals("relay") ? "cdc-relay" : "worker",
                        "dev.outboxcdc." + service + ".Main",
                        refused,
                        "leakscan-refused-" + service);
                // the relay stops at start (the database refused it); the worker keeps reconnecting
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> process.output().contains("Access denied")
                                || process.output().contains("ACCESS_REFUSED"));
                if (process.isAlive()) {
                    process.terminate(Duration.ofSeconds(30));
                }
            }
            for (ServiceProcess service : List.of(stack.relay(), stack.worker())) {
                URI metrics = service.metricsUrl().orElseThrow();
                for (String path : List.of("/metrics", "/health/ready", "/health/live")) {
                    bodies.put(service.name() + path, get(metrics.resolve(path)));
                }
            }
            for (String path : List.of("/metrics", "/health/ready", "/health/live")) {
                bodies.put("api" + path, get(stack.apiUrl.resolve(path)));
            }
        }
        try (Stream<Path> modules = Files.list(ProjectRoot.find())) {
            // each module's, and the project's own (make chaos, make bench)
            for (Path module :
                    Stream.concat(Stream.of(ProjectRoot.find()), modules).toList()) {
                Path serviceLogs = module.resolve("target").resolve("service-logs");
                if (Files.isDirectory(serviceLogs)) {
                    try (Stream<Path> files = Files.list(serviceLogs)) {
                        files.filter(file -> file.toString().endsWith(".log")).forEach(logs::add);
                    }
                }
            }
        }

        List<String> hits = new ArrayList<>();
        long lines = 0;
        for (Path log : logs) {
            List<String> content = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            lines += content.size();
            for (int i = 0; i < content.size(); i++) {
                String where = ProjectRoot.find().relativize(log) + ":" + (i + 1) + ": ";
                leaks(content.get(i), secrets).forEach(what -> hits.add(where + what));
            }
        }
        bodies.forEach((where, body) -> leaks(body, secrets).forEach(what -> hits.add(where + ": " + what)));
        System.out.printf(
                "leak scan: %d log files (%d lines) and %d metric and health bodies, %d hits%n",
                logs.size(), lines, bodies.size(), hits.size());

        assertThat(logs)
                .as("the refused services' own logs are among those scanned")
                .hasSizeGreaterThan(2);
        assertThat(leaks(
                        "connecting to amqp://guest:" + probe
                                + "@127.0.0.1:5672 with Authorization: Basic Z3Vlc3Q6Z3Vlc3Q=",
                        secrets))
                .as("the scan finds what it looks for")
                .hasSize(4);
        assertThat(hits).isEmpty();
    }

    /** What in {@code text} would give a secret away: a secret itself, a URI with credentials, an Authorization header, a password assigned. */
    private static List<String> leaks(String text, List<String> secrets) {
        List<String> found = new ArrayList<>();
        secrets.stream().filter(text::contains).forEach(secret -> found.add("the secret " + secret));
        URI_WITH_CREDENTIALS
                .matcher(text)
                .results()
                .forEach(match -> found.add("a URI with credentials " + match.group()));
        AUTHORIZATION.matcher(text).results().forEach(match -> found.add("an Authorization header " + match.group()));
        PASSWORD_ASSIGNED.matcher(text).results().forEach(match -> found.add("a password " + match.group()));
        return found;
    }

    private static void send(URI uri, String body) throws IOException, InterruptedException {
        HTTP.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
