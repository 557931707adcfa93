package dev.outboxcdc.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outboxcdc.api.RunningApiExtension;
import dev.outboxcdc.api.RunningApiExtension.Response;
import dev.outboxcdc.harness.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hostile request gets its documented 4xx problem body, and the database is unchanged. */
class BadInputIT {
    private static final String JSON = "application/json";
    /** The customer the PATCH cases aim at; created once, before the cases run. */
    private static final String EXISTING = UUID.randomUUID().toString();

    private static final String TAKEN_EMAIL = "taken-" + UUID.randomUUID() + "@example.com";
    private static RunningApiExtension api;
    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        api = new RunningApiExtension();
        db = TestDatabase.admin();
        Response existing = api.postJson(
                "/customers", "{\"email\":\"patch-" + UUID.randomUUID() + "@example.com\",\"name\":\"Ada\"}");
        db.execute(
                "UPDATE outbox.customers SET id = ? WHERE id = ?",
                EXISTING,
                existing.json().get("id").asText());
        api.postJson("/customers", "{\"email\":\"" + TAKEN_EMAIL + "\",\"name\":\"Grace\"}");
    }

    @AfterAll
    static void stop() {
        api.close();
        db.close();
    }

    record Case(
            String name, String method, String path, String contentType, byte[] body, int status, List<String> fields) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case post(String name, String body, int status, String... fields) {
        return new Case(
                name, "POST", "/customers", JSON, body.getBytes(StandardCharsets.UTF_8), status, List.of(fields));
    }

    static Case raw(String name, String contentType, byte[] body, int status) {
        return new Case(name, "POST", "/customers", contentType, body, status, List.of());
    }

    static Case patch(String name, String body, int status, String... fields) {
        return new Case(
                name,
                "PATCH",
                "/customers/" + EXISTING,
                JSON,
                body.getBytes(StandardCharsets.UTF_8),
                status,
                List.of(fields));
    }

    static Case patchTo(String name, String path, String contentType, String body, int status, String... fields) {
        return new Case(
                name, "PATCH", path, contentType, body.getBytes(StandardCharsets.UTF_8), status, List.of(fields));
    }

    static Case call(String name, String method, String path, int status, String... fields) {
        return new Case(name, method, path, null, null, status, List.of(fields));
    }

    static Stream<Case> hostileRequests() {
        String email = "bad-" + UUID.randomUUID() + "@example.com";
        return Stream.of(
                post("malformed JSON", "{\"email\":", 400),
                post("truncated JSON", "{\"email\":\"" + email + "\",\"name\":\"x\"", 400),
                post("empty body", "", 400),
                post("JSON array", "[{\"email\":\"" + email + "\",\"name\":\"x\"}]", 400),
                post("valid object and a stray brace", "{\"email\":\"" + email + "\",\"name\":\"x\"}}", 400),
                post("valid object followed by text", "{\"email\":\"" + email + "\",\"name\":\"x\"} and more", 400),
                post(
                        "two objects",
                        "{\"email\":\"" + email + "\",\"name\":\"x\"}{\"email\":\"" + email + "\",\"name\":\"y\"}",
                        400),
                post("JSON string", "\"hello\"", 400),
                post("JSON null", "null", 400),
                post("nesting 5000 deep", "[".repeat(5000), 400),
                post("empty object", "{}", 400, "email", "name"),
                post("missing email", "{\"name\":\"Ada\"}", 400, "email"),
                post("missing name", "{\"email\":\"" + email + "\"}", 400, "name"),
                post("blank email", "{\"email\":\"   \",\"name\":\"Ada\"}", 400, "email"),
                post("blank name", "{\"email\":\"" + email + "\",\"name\":\" \"}", 400, "name"),
                post("null email", "{\"email\":null,\"name\":\"Ada\"}", 400, "email"),
                post("number for email", "{\"email\":123,\"name\":\"Ada\"}", 400, "email"),
                post("boolean for name", "{\"email\":\"" + email + "\",\"name\":true}", 400, "name"),
                post("object for name", "{\"email\":\"" + email + "\",\"name\":{\"first\":\"Ada\"}}", 400, "name"),
                post("array for name", "{\"email\":\"" + email + "\",\"name\":[\"Ada\"]}", 400, "name"),
                post("email without @", "{\"email\":\"not-an-email\",\"name\":\"Ada\"}", 400, "email"),
                post("email with two @", "{\"email\":\"a@b@example.com\",\"name\":\"Ada\"}", 400, "email"),
                post("email with a space", "{\"email\":\"a b@example.com\",\"name\":\"Ada\"}", 400, "email"),
                post(
                        "SQL-looking email",
                        "{\"email\":\"' OR 1=1; DROP TABLE customers; --\",\"name\":\"Ada\"}",
                        400,
                        "email"),
                post(
                        "email over 254 characters",
                        "{\"email\":\"" + "a".repeat(250) + "@example.com\",\"name\":\"Ada\"}",
                        400,
                        "email"),
                post(
                        "name over 200 characters",
                        "{\"email\":\"" + email + "\",\"name\":\"" + "n".repeat(201) + "\"}",
                        400,
                        "name"),
                post(
                        "huge name under the body limit",
                        "{\"email\":\"" + email + "\",\"name\":\"" + "n".repeat(60_000) + "\"}",
                        400,
                        "name"),
                post("NUL in name", "{\"email\":\"" + email + "\",\"name\":\"Ada\\u0000\"}", 400, "name"),
                post("newline in name", "{\"email\":\"" + email + "\",\"name\":\"Ada\\nLovelace\"}", 400, "name"),
                post(
                        "escape character in email",
                        "{\"email\":\"a\\u001b@example.com\",\"name\":\"Ada\"}",
                        400,
                        "email"),
                raw("invalid UTF-8", JSON, invalidUtf8(email), 400),
                raw(
                        "body over 64 KiB",
                        JSON,
                        ("{\"email\":\"" + email + "\",\"name\":\"" + "n".repeat(70_000) + "\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        413),
                raw("text/plain content type", "text/plain", "{}".getBytes(StandardCharsets.UTF_8), 415),
                raw("XML content type", "application/xml", "<customer/>".getBytes(StandardCharsets.UTF_8), 415),
                raw(
                        "form content type",
                        "application/x-www-form-urlencoded",
                        "email=a%40b.co&name=x".getBytes(StandardCharsets.UTF_8),
                        415),
                raw("no content type", null, "{}".getBytes(StandardCharsets.UTF_8), 415),
                call("non-UUID id", "GET", "/customers/not-a-uuid", 400, "id"),
                call("SQL-looking id", "GET", "/customers/1%27%20OR%20%271%27=%271", 400, "id"),
                call("encoded path traversal in id", "GET", "/customers/..%2F..%2Fetc%2Fpasswd", 400, "id"),
                call("path traversal in id", "GET", "/customers/../../etc/passwd", 400),
                call("NUL in id", "GET", "/customers/a%00b", 400),
                call(
                        "UUID without dashes",
                        "GET",
                        "/customers/" + UUID.randomUUID().toString().replace("-", ""),
                        400,
                        "id"),
                call("DELETE on the collection", "DELETE", "/customers", 405),
                call("PUT on a customer", "PUT", "/customers/" + UUID.randomUUID(), 405),
                call("unknown route", "GET", "/admin", 404),
                patch("PATCH: empty object", "{}", 400, "body"),
                patch("PATCH: only unknown fields", "{\"nickname\":\"Ada\"}", 400, "body"),
                patch("PATCH: empty body", "", 400),
                patch("PATCH: JSON array", "[{\"name\":\"x\"}]", 400),
                patch("PATCH: trailing text", "{\"name\":\"x\"} and more", 400),
                patch("PATCH: null name (it cannot be removed)", "{\"name\":null}", 400, "name"),
                patch("PATCH: number for email", "{\"email\":42}", 400, "email"),
                patch("PATCH: boolean for name", "{\"name\":false}", 400, "name"),
                patch("PATCH: invalid email", "{\"email\":\"not-an-email\"}", 400, "email"),
                patch("PATCH: blank name and bad email", "{\"name\":\"  \",\"email\":\"a@b\"}", 400, "name", "email"),
                patch("PATCH: control character in name", "{\"name\":\"Ada\\u0007\"}", 400, "name"),
                patch("PATCH: name over 200 characters", "{\"name\":\"" + "n".repeat(201) + "\"}", 400, "name"),
                patch("PATCH: email another customer has", "{\"email\":\"" + TAKEN_EMAIL + "\"}", 409),
                patchTo(
                        "PATCH: body over 64 KiB",
                        "/customers/" + EXISTING,
                        JSON,
                        "{\"name\":\"" + "n".repeat(70_000) + "\"}",
                        413),
                patchTo(
                        "PATCH: text/plain content type",
                        "/customers/" + EXISTING,
                        "text/plain",
                        "{\"name\":\"x\"}",
                        415),
                patchTo("PATCH: no content type", "/customers/" + EXISTING, null, "{\"name\":\"x\"}", 415),
                patchTo("PATCH: unknown id", "/customers/" + UUID.randomUUID(), JSON, "{\"name\":\"Nobody\"}", 404),
                patchTo("PATCH: malformed id", "/customers/not-a-uuid", JSON, "{\"name\":\"x\"}", 400, "id"),
                patchTo(
                        "PATCH: SQL-looking id",
                        "/customers/1%27%20OR%20%271%27=%271",
                        JSON,
                        "{\"name\":\"x\"}",
                        400,
                        "id"),
                call("PATCH on the collection", "PATCH", "/customers", 405));
    }

    private static byte[] invalidUtf8(String email) {
        byte[] prefix = ("{\"email\":\"" + email + "\",\"name\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 4];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xff;
        body[prefix.length + 1] = (byte) 0xfe;
        body[prefix.length + 2] = '"';
        body[prefix.length + 3] = '}';
        return body;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void hostileRequestGetsItsProblemAndWritesNothing(Case request) throws Exception {
        long customersBefore = db.count("SELECT COUNT(*) FROM outbox.customers");
        long outboxBefore = db.count("SELECT COUNT(*) FROM outbox.outbox");

        Response response = switch (request.method()) {
            case "POST" -> api.post(request.path(), request.contentType(), request.body());
            case "PATCH" ->
                request.body() == null
                        ? api.send("PATCH", request.path())
                        : api.patch(request.path(), request.contentType(), request.body());
            default -> api.send(request.method(), request.path());
        };

        assertThat(response.status()).as(response.body()).isEqualTo(request.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(request.status());
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText())
                .isNotBlank()
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrderElementsOf(request.fields());
        assertThat(db.count("SELECT COUNT(*) FROM outbox.customers")).isEqualTo(customersBefore);
        assertThat(db.count("SELECT COUNT(*) FROM outbox.outbox")).isEqualTo(outboxBefore);
        assertThat(db.count(
                        "SELECT COUNT(*) FROM outbox.customers WHERE id = ? AND name = 'Ada' AND version = 1",
                        EXISTING))
                .as("the PATCH target is unchanged")
                .isEqualTo(1);
    }
}
