package dev.outboxcdc.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Within a version only additive changes: each rule, on the smallest schema that shows it. */
class SchemaCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = """
            {"$id": "https://outbox-cdc.dev/contracts/thing-done/v1.json", "type": "object",
             "required": ["id", "name"],
             "properties": {"id": {"type": "string", "format": "uuid"},
                            "name": {"type": "string", "maxLength": 200, "description": "shown"},
                            "note": {"type": "string"}},
             "additionalProperties": true}""";

    @Test
    void aNewOptionalPropertyAndChangedDescriptionsAreCompatible() throws Exception {
        String edited = V1.replace("\"description\": \"shown\"", "\"description\": \"as shown to users\"")
                .replace(
                        "\"note\": {\"type\": \"string\"}",
                        "\"note\": {\"type\": \"string\"}, \"locale\": {\"type\": \"string\"}")
                .replace("\"type\": \"object\"", "\"type\": \"object\", \"title\": \"ThingDone v1\"");

        assertThat(SchemaCompatibility.breakingChanges(json(V1), json(edited))).isEmpty();
    }

    @Test
    void aNewRequiredPropertyIsBreaking() throws Exception {
        String edited = V1.replace("[\"id\", \"name\"]", "[\"id\", \"name\", \"note\"]");

        assertThat(SchemaCompatibility.breakingChanges(json(V1), json(edited)))
                .containsExactly("'note' became required: events written before lack it");
    }

    @Test
    void aDroppedRequirementARemovedPropertyAndANarrowedTypeAreBreaking() throws Exception {
        String edited = V1.replace("[\"id\", \"name\"]", "[\"id\"]")
                .replaceAll(",\\s*\"note\": \\{\"type\": \"string\"}", "")
                .replace("\"maxLength\": 200", "\"maxLength\": 100");

        assertThat(SchemaCompatibility.breakingChanges(json(V1), json(edited)))
                .containsExactlyInAnyOrder(
                        "'name' is no longer required: consumers of the earlier text rely on it",
                        "property 'note' was removed",
                        "property 'name' changed from {\"type\":\"string\",\"maxLength\":200} to"
                                + " {\"type\":\"string\",\"maxLength\":100}");
    }

    @Test
    void aPropertyAddedToASchemaThatRefusedUnknownOnesAndAChangedTopLevelKeywordAreBreaking() throws Exception {
        String closed = V1.replace("\"additionalProperties\": true", "\"additionalProperties\": false");
        String edited =
                closed.replace("\"note\": {\"type\": \"string\"}", "\"note\": {\"type\": \"string\"}, \"x\": {}");

        assertThat(SchemaCompatibility.breakingChanges(json(closed), json(edited)))
                .containsExactly("property 'x' was added, but the earlier text refused unknown properties");
        assertThat(SchemaCompatibility.breakingChanges(json(V1), json(closed)))
                .containsExactly("'additionalProperties' changed from true to false");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
