package dev.outboxcdc.api.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.api.RunningApiExtension;
import dev.outboxcdc.api.RunningApiExtension.Response;
import dev.outboxcdc.harness.TestDatabase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CustomerApiIT {
    private static RunningApiExtension api;
    private static TestDatabase db;
    private final String email = "it-" + UUID.randomUUID() + "@example.com";

    @BeforeAll
    static void start() {
        api = new RunningApiExtension();
        db = TestDatabase.admin();
    }

    @AfterAll
    static void stop() {
        api.close();
        db.close();
    }

    @AfterEach
    void cleanUp() {
        db.execute(
                "DELETE FROM outbox.outbox WHERE aggregateid IN (SELECT id FROM outbox.customers WHERE email = ?)",
                email);
        db.execute("DELETE FROM outbox.customers WHERE email = ?", email);
    }

    @Test
    void registeringACustomerWritesTheCustomerAndOneOutboxEvent() throws Exception {
        Response response = api.postJson("/customers", "{\"email\":\"" + email + "\",\"name\":\"TESTTTTTT\"}");

        assertThat(response.status()).isEqualTo(201);
        JsonNode customer = response.json();
        String id = customer.get("id").asText();
        assertThat(response.location()).isEqualTo("/customers/" + id);
        assertThat(customer.get("email").asText()).isEqualTo(email);
        assertThat(customer.get("name").asText()).isEqualTo("TESTTTTTT");
        assertThat(customer.get("createdAt").asText()).isNotBlank();

        assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE id = ?", id))
                .isEqualTo(1);
        Map<String, Object> event = db.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT aggregatetype, aggregateid, type, payload FROM outbox.outbox WHERE aggregateid = :id")
                        .bind("id", id)
                        .mapToMap()
                        .one());
        assertThat(event).containsEntry("aggregatetype", "customer").containsEntry("type", "CustomerCreated");
        JsonNode payload = new ObjectMapper().readTree((String) event.get("payload"));
        assertThat(payload.get("id").asText()).isEqualTo(id);
        assertThat(payload.get("email").asText()).isEqualTo(email);
        assertThat(payload.get("name").asText()).isEqualTo("TESTTTTTT");
        assertThat((String) event.get("payload")).startsWith("{\"id\":\"" + id + "\",\"name\":");
    }

    @Test
    void patchingACustomerChangesItAndWritesACustomerUpdatedEventWithTheNextVersionInTheSameTransaction()
            throws Exception {
        String id = api.postJson("/customers", "{\"email\":\"" + email + "\",\"name\":\"Ada\"}")
                .json()
                .get("id")
                .asText();

        Response renamed = api.patch(
                "/customers/" + id,
                "application/merge-patch+json",
                "{\"name\":\"Ada Lovelace\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Response readAgain = api.get("/customers/" + id);

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(renamed.json().get("email").asText()).isEqualTo(email);
        assertThat(renamed.json().get("version").asLong()).isEqualTo(2);
        assertThat(readAgain.json()).isEqualTo(renamed.json());
        Map<String, Object> updated = db.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT type, payload FROM outbox.outbox WHERE aggregateid = :id ORDER BY seq DESC LIMIT 1")
                        .bind("id", id)
                        .mapToMap()
                        .one());
        assertThat(updated).containsEntry("type", "CustomerUpdated");
        JsonNode payload = new ObjectMapper().readTree((String) updated.get("payload"));
        assertThat(payload.get("id").asText()).isEqualTo(id);
        assertThat(payload.get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(payload.get("email").asText()).isEqualTo(email);
        assertThat(payload.get("version").asLong()).isEqualTo(2);
        assertThat(payload.get("updatedAt").asText()).isNotBlank();
        assertThat(db.count("SELECT COUNT(*) FROM outbox.outbox WHERE aggregateid = ?", id))
                .isEqualTo(2);
    }

    @Test
    void theVersionsOfConcurrentPatchesOfOneCustomerFollowEachOtherWithoutGaps() throws Exception {
        String id = api.postJson("/customers", "{\"email\":\"" + email + "\",\"name\":\"v1\"}")
                .json()
                .get("id")
                .asText();
        java.util.List<Thread> writers = new java.util.ArrayList<>();
        for (int n = 0; n < 8; n++) {
            String body = "{\"name\":\"writer " + n + "\"}";
            Thread writer = new Thread(() -> {
                try {
                    assertThat(api.patch(
                                            "/customers/" + id,
                                            "application/json",
                                            body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                    .status())
                            .isEqualTo(200);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }

        java.util.List<Long> versions = db.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT JSON_VALUE(payload, '$.version') FROM outbox.outbox WHERE aggregateid = :id ORDER BY seq")
                        .bind("id", id)
                        .mapTo(Long.class)
                        .list());
        assertThat(versions).as("in commit (insert) order").containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(api.get("/customers/" + id).json().get("version").asLong()).isEqualTo(9);
    }

    @Test
    void duplicateEmailIsRejectedWith409AndWritesNoSecondOutboxRow() throws Exception {
        String body = "{\"email\":\"" + email + "\",\"name\":\"First\"}";
        assertThat(api.postJson("/customers", body).status()).isEqualTo(201);

        Response second = api.postJson("/customers", body.replace(email, email.toUpperCase()));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.json().get("status").asInt()).isEqualTo(409);
        assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE email = ?", email))
                .isEqualTo(1);
        assertThat(db.count(
                        "SELECT COUNT(*) FROM outbox.outbox o JOIN outbox.customers c ON o.aggregateid = c.id"
                                + " WHERE c.email = ?",
                        email))
                .isEqualTo(1);
    }

    @Test
    void aRegisteredCustomerCanBeReadBack() throws Exception {
        JsonNode created = api.postJson("/customers", "{\"email\":\"" + email + "\",\"name\":\"Ada\"}")
                .json();

        Response read = api.get("/customers/" + created.get("id").asText());

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(created);
    }

    @Test
    void unknownCustomerIs404ProblemJson() throws Exception {
        Response response = api.get("/customers/" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("title").asText()).isEqualTo("Not Found");
    }

    @Test
    void unknownFieldsAreTolerated() throws Exception {
        Response response = api.postJson(
                "/customers",
                "{\"email\":\"" + email + "\",\"name\":\"Ada\",\"newsletter\":true,\"nested\":{\"a\":[1,2]}}");

        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void healthIsUpWhenTheDatabaseAnswers() throws Exception {
        Response response = api.get("/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asText()).isEqualTo("UP");
    }
}
