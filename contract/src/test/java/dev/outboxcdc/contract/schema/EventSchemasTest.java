package dev.outboxcdc.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.contract.events.CustomerEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSchemasTest {
    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTypeHasItsVersionsFromOneAndEachIsFoundByItsId() {
        assertThat(SCHEMAS.all())
                .extracting(EventSchema::name)
                .containsExactly("CustomerCreated v1", "CustomerCreated v2", "CustomerUpdated v1");
        assertThat(SCHEMAS.latest(CustomerEvents.CREATED).version()).isEqualTo(2);
        assertThat(SCHEMAS.byId("https://outbox-cdc.dev/contracts/customer-created/v2.json"))
                .hasValueSatisfying(
                        schema -> assertThat(schema.path()).isEqualTo("contracts/customer-created/v2.json"));
        assertThat(SCHEMAS.byId("https://outbox-cdc.dev/contracts/customer-created/v3.json"))
                .isEmpty();
        assertThat(SCHEMAS.all())
                .allSatisfy(schema -> assertThat(schema.aggregateType()).isEqualTo("customer"));
    }

    @Test
    void formatsAreAssertedNotOnlyAnnotated() throws Exception {
        EventSchema v1 = SCHEMAS.version(CustomerEvents.CREATED, 1).orElseThrow();

        assertThat(
                        v1.violations(
                                JSON.readTree(
                                        "{\"id\":\"not-a-uuid\",\"name\":\"Ada\",\"email\":\"a@example.com\",\"createdAt\":\"yesterday\"}")))
                .hasSize(2)
                .anySatisfy(violation -> assertThat(violation).startsWith("/id: "))
                .anySatisfy(violation -> assertThat(violation).startsWith("/createdAt: "));
    }

    @Test
    void aTypeWithoutSchemaIsRefusedAtLoading() {
        assertThatThrownBy(() -> EventSchemas.load(List.of("CustomerDeleted")))
                .hasMessage("event type CustomerDeleted has no schema: contracts/customer-deleted/v1.json");
    }
}
