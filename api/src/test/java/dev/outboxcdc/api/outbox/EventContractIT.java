package dev.outboxcdc.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.api.ApiConfig;
import dev.outboxcdc.api.RunningApiExtension;
import dev.outboxcdc.api.RunningApiExtension.Response;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.contract.schema.EventSchema;
import dev.outboxcdc.contract.schema.EventSchemas;
import dev.outboxcdc.harness.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the api writes to the outbox is what the schemas in contracts/ say: every event of every
 * request matches the newest version of its type's schema, named by its row's schemaversion; an
 * event that would not match is never written.
 */
class EventContractIT {
    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningApiExtension api;
    private static TestDatabase db;

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

    @Test
    void everyEventOfARegistrationAndItsChangesMatchesTheNewestSchemaOfItsType() throws Exception {
        String withLocale = register("{\"email\":\"" + email() + "\",\"name\":\"Ada\",\"locale\":\"pt-br\"}");
        String withoutLocale = register("{\"email\":\"" + email() + "\",\"name\":\"Grace\"}");
        Response patched = api.patch(
                "/customers/" + withLocale,
                "application/merge-patch+json",
                ("{\"name\":\"Ada King\",\"email\":\"" + email() + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(patched.status()).isEqualTo(200);

        List<Map<String, Object>> rows = rowsOf(withLocale, withoutLocale);

        assertThat(rows)
                .extracting(row -> row.get("type"))
                .containsExactlyInAnyOrder(CustomerEvents.CREATED, CustomerEvents.CREATED, CustomerEvents.UPDATED);
        assertThat(rows).allSatisfy(row -> {
            String type = (String) row.get("type");
            int version = ((Number) row.get("schemaversion")).intValue();
            EventSchema schema = SCHEMAS.version(type, version).orElseThrow();
            JsonNode payload = JSON.readTree((String) row.get("payload"));

            assertThat(version).as(type).isEqualTo(SCHEMAS.latest(type).version());
            assertThat(schema.violations(payload)).as(type + " " + payload).isEmpty();
        });
        assertThat(locale(rows, withLocale)).isEqualTo("pt-BR");
        assertThat(locale(rows, withoutLocale)).as("API_DEFAULT_LOCALE").isEqualTo("en");
    }

    @Test
    void aRegistrationWhoseEventWouldNotMatchItsSchemaIsRefusedWithA500AndWritesNothing() throws Exception {
        // A bug: the default locale bypassed the configuration's check, and the event's schema refuses it.
        String email = email();
        try (RunningApiExtension buggy = new RunningApiExtension(
                Map.of(),
                config -> new ApiConfig(
                        config.port(),
                        config.database(),
                        config.schemaOwner(),
                        config.poolSize(),
                        config.idempotencyKeyTtl(),
                        "not a language tag"))) {
            Response response = buggy.postJson("/customers", "{\"email\":\"" + email + "\",\"name\":\"Ada\"}");

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("detail").asText())
                    .isEqualTo("The event this request would publish does not match its schema; nothing was written");
        }
        assertThat(db.count("SELECT COUNT(*) FROM outbox.customers WHERE email = ?", email))
                .isZero();
        assertThat(db.count("SELECT COUNT(*) FROM outbox.outbox WHERE payload LIKE CONCAT('%', ?, '%')", email))
                .isZero();
    }

    private static String locale(List<Map<String, Object>> rows, String customerId) throws Exception {
        Map<String, Object> created = rows.stream()
                .filter(row -> row.get("aggregateid").equals(customerId)
                        && row.get("type").equals(CustomerEvents.CREATED))
                .findFirst()
                .orElseThrow();
        return JSON.readTree((String) created.get("payload")).get("locale").asText();
    }

    private static String register(String body) throws Exception {
        Response response = api.postJson("/customers", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    private static List<Map<String, Object>> rowsOf(String... customerIds) {
        return db.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT aggregateid, type, payload, schemaversion"
                                + " FROM outbox.outbox WHERE aggregateid IN (<ids>)")
                        .bindList("ids", List.of(customerIds))
                        .mapToMap()
                        .list());
    }

    private static String email() {
        return "contract-" + UUID.randomUUID() + "@example.com";
    }
}
