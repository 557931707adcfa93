package dev.outboxcdc.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.util.List;

/**
 * One version of one event type's payload: the JSON Schema in {@code contracts/<type>/v<version>.json}.
 * Its {@code $id} is the {@code dataschema} attribute of every event written in this version.
 *
 * @param path where the file is, from the top of the tree, e.g. {@code contracts/customer-created/v1.json}
 */
public record EventSchema(
        String type, String aggregateType, int version, String id, String path, JsonNode document, Schema validator) {

    /**
     * What is wrong with the payload, one line per violation, each after the JSON Pointer of the
     * field it is about (none for the whole payload): {@code /id: integer found, string expected};
     * empty if it matches.
     */
    public List<String> violations(JsonNode payload) {
        return validator.validate(payload).stream().map(EventSchema::describe).toList();
    }

    /** {@code CustomerCreated v2}. */
    public String name() {
        return type + " v" + version;
    }

    private static String describe(Error error) {
        String where = error.getInstanceLocation().toString();
        String message = error.getMessage();
        return where.isEmpty() || message.startsWith(where) ? message : where + ": " + message;
    }
}
