package dev.outboxcdc.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.harness.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The real api on a free port against the test database, and an HTTP client for it. */
public final class RunningApiExtension implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Main.RunningApi api;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RunningApiExtension(Map<String, String> overrides) {
        this(overrides, java.util.function.UnaryOperator.identity());
    }

    /** The api with a configuration changed after it was read and validated: to run it as a bug would. */
    public RunningApiExtension(Map<String, String> overrides, java.util.function.UnaryOperator<ApiConfig> adjust) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PORT", "0"));
        env.putAll(overrides);
        this.api =
                Main.start(adjust.apply(ApiConfig.fromEnv(TestEnvironment.get().env(env))));
    }

    public RunningApiExtension() {
        this(Map.of());
    }

    public Response post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return withBody("POST", path, contentType, body);
    }

    public Response patch(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return withBody("PATCH", path, contentType, body);
    }

    private Response withBody(String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public Response postJson(String path, String json) throws IOException, InterruptedException {
        return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** POST of a JSON body with extra request headers, given as name, value, name, value... */
    public Response postJson(String path, String json, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response send(String method, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(null),
                response.body(),
                response.headers());
    }

    @Override
    public void close() {
        api.close();
    }

    /** A response with its body parsed when it is JSON. */
    public record Response(
            int status, String contentType, String location, String body, java.net.http.HttpHeaders headers) {
        public java.util.Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
