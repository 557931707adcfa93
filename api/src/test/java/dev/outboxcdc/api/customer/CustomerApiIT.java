package dev.outboxcdc.api.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.api.RunningApiExtension;
import dev.outboxcdc.api.RunningApiExtension.Response;
import dev.outboxcdc.testsupport.TestDatabase;
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
        db.execute("DELETE FROM outbox.outbox WHERE aggregateid IN (SELECT id FROM outbox.customers WHERE email = ?)", email);
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

        assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE id = ?", id)).isEqualTo(1);
        Map<String, Object> event = db.jdbi().withHandle(handle -> handle
                .createQuery("SELECT aggregatetype, aggregateid, type, payload FROM outbox.outbox WHERE aggregateid = :id")
                .bind("id", id).mapToMap().one());
        assertThat(event).containsEntry("aggregatetype", "customer").containsEntry("type", "CustomerCreated");
        JsonNode payload = new ObjectMapper().readTree((String) event.get("payload"));
        assertThat(payload.get("id").asText()).isEqualTo(id);
        assertThat(payload.get("email").asText()).isEqualTo(email);
        assertThat(payload.get("name").asText()).isEqualTo("TESTTTTTT");
        assertThat((String) event.get("payload")).startsWith("{\"id\":\"" + id + "\",\"name\":");
    }

    @Test
    void duplicateEmailIsRejectedWith409AndWritesNoSecondOutboxRow() throws Exception {
        String body = "{\"email\":\"" + email + "\",\"name\":\"First\"}";
        assertThat(api.postJson("/customers", body).status()).isEqualTo(201);

        Response second = api.postJson("/customers", body.replace(email, email.toUpperCase()));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.json().get("status").asInt()).isEqualTo(409);
        assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE email = ?", email)).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM outbox.outbox o JOIN outbox.customers c ON o.aggregateid = c.id"
                + " WHERE c.email = ?", email)).isEqualTo(1);
    }

    @Test
    void aRegisteredCustomerCanBeReadBack() throws Exception {
        JsonNode created = api.postJson("/customers", "{\"email\":\"" + email + "\",\"name\":\"Ada\"}").json();

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
        Response response = api.postJson("/customers",
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
