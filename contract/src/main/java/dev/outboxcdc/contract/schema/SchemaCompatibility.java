package dev.outboxcdc.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The evolution rule of a schema version, checked between two texts of one file (its edit, or its
 * text in an earlier commit): within a version only <em>additive</em> changes, a new optional
 * property when the earlier text allowed unknown ones, and changes of annotations (titles,
 * descriptions, examples). Then every event written in either text matches the other, so an old
 * consumer ignores the new field and a new consumer reads old events. Anything else (a new or
 * dropped required property, a property removed, a type, format, pattern, bound or enum changed)
 * needs a new version: {@code v<N+1>.json}, published beside the old one.
 */
public final class SchemaCompatibility {
    /** Keywords that validate nothing: free to change within a version. */
    private static final Set<String> ANNOTATIONS =
            Set.of("title", "description", "examples", "$comment", "default", "deprecated", "readOnly", "writeOnly");

    private SchemaCompatibility() {}

    /** What makes {@code edited} incompatible with {@code earlier}, one line each; empty when compatible. */
    public static List<String> breakingChanges(JsonNode earlier, JsonNode edited) {
        List<String> breaking = new ArrayList<>();
        Set<String> requiredBefore = texts(earlier.path("required"));
        Set<String> requiredNow = texts(edited.path("required"));
        for (String added : difference(requiredNow, requiredBefore)) {
            breaking.add("'" + added + "' became required: events written before lack it");
        }
        for (String dropped : difference(requiredBefore, requiredNow)) {
            breaking.add("'" + dropped + "' is no longer required: consumers of the earlier text rely on it");
        }
        JsonNode propertiesBefore = earlier.path("properties");
        JsonNode propertiesNow = edited.path("properties");
        for (Iterator<String> names = propertiesBefore.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!propertiesNow.has(name)) {
                breaking.add("property '" + name + "' was removed");
            } else if (!withoutAnnotations(propertiesBefore.get(name))
                    .equals(withoutAnnotations(propertiesNow.get(name)))) {
                breaking.add("property '" + name + "' changed from " + withoutAnnotations(propertiesBefore.get(name))
                        + " to " + withoutAnnotations(propertiesNow.get(name)));
            }
        }
        boolean closedBefore = earlier.path("additionalProperties").isBoolean()
                && !earlier.path("additionalProperties").booleanValue();
        for (Iterator<String> names = propertiesNow.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!propertiesBefore.has(name) && closedBefore) {
                breaking.add("property '" + name + "' was added, but the earlier text refused unknown properties");
            }
        }
        ObjectNode restBefore = withoutAnnotations(earlier);
        ObjectNode restNow = withoutAnnotations(edited);
        for (ObjectNode rest : List.of(restBefore, restNow)) {
            rest.remove(List.of("properties", "required"));
        }
        for (String keyword : union(names(restBefore), names(restNow))) {
            if (!restBefore.path(keyword).equals(restNow.path(keyword))) {
                breaking.add(
                        "'" + keyword + "' changed from " + restBefore.path(keyword) + " to " + restNow.path(keyword));
            }
        }
        return breaking;
    }

    private static ObjectNode withoutAnnotations(JsonNode schema) {
        ObjectNode copy = schema.isObject() ? ((ObjectNode) schema).deepCopy() : JsonNodeFactory.instance.objectNode();
        copy.remove(ANNOTATIONS);
        return copy;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> difference = new TreeSet<>(a);
        difference.removeAll(b);
        return difference;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return new TreeSet<>(union);
    }
}
