package dev.outboxcdc.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import dev.outboxcdc.contract.events.CustomerEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event catalogue: every version of every event type's JSON Schema, read from {@value #ROOT}
 * on the classpath (the {@code contracts/} directory at the top of the tree, packaged by the
 * contract module). The schemas are the one definition of each event's shape: the api checks what
 * it writes against them, the relay names them in {@code cloudEvents:dataschema}, the worker checks
 * what it receives. A type's directory is its name in kebab case ({@code CustomerCreated} →
 * {@code customer-created}); its versions are {@code v1.json}, {@code v2.json}, ... without gaps.
 * Immutable and thread-safe once loaded.
 */
public final class EventSchemas {
    public static final String ROOT = "contracts";
    /** The version of an event published without {@code dataschema}: written before schemas were versioned. */
    public static final int UNVERSIONED = 1;
    /** The annotation naming the event type a schema file is of. */
    static final String TYPE_KEYWORD = "x-event-type";
    /** The annotation naming the aggregate type of the event (the routing key's first part). */
    static final String AGGREGATE_TYPE_KEYWORD = "x-aggregate-type";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, List<EventSchema>> byType;
    private final Map<String, EventSchema> byId;

    private EventSchemas(List<EventSchema> schemas) {
        this.byType = schemas.stream()
                .collect(Collectors.groupingBy(
                        EventSchema::type, java.util.LinkedHashMap::new, Collectors.toUnmodifiableList()));
        this.byId = schemas.stream().collect(Collectors.toUnmodifiableMap(EventSchema::id, Function.identity()));
    }

    /** The schemas of every event this project publishes ({@link CustomerEvents#TYPES}). */
    public static EventSchemas load() {
        return load(CustomerEvents.TYPES);
    }

    /**
     * The schemas of these types; fails on a type without {@code v1.json}, a schema that is not
     * valid JSON Schema, or whose {@code $id} or {@code x-event-type} does not match its file.
     */
    public static EventSchemas load(List<String> types) {
        // JSON Schema 2020-12, with the catalogue's own annotations known (not warned about) and
        // formats (uuid, date-time) asserted rather than only annotated.
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keyword(new AnnotationKeyword(TYPE_KEYWORD))
                .keyword(new AnnotationKeyword(AGGREGATE_TYPE_KEYWORD))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                dialect,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .build()));
        List<EventSchema> schemas = new ArrayList<>();
        for (String type : types) {
            for (int version = 1; ; version++) {
                String path = path(type, version);
                Optional<JsonNode> document = read(path);
                if (document.isEmpty()) {
                    if (version == 1) {
                        throw new IllegalStateException("event type " + type + " has no schema: " + path);
                    }
                    break;
                }
                schemas.add(schema(registry, type, version, path, document.get()));
            }
        }
        return new EventSchemas(schemas);
    }

    /** {@code contracts/customer-created/v1.json}. */
    public static String path(String type, int version) {
        return directory(type) + "/v" + version + ".json";
    }

    /** {@code contracts/customer-created}. */
    public static String directory(String type) {
        return ROOT + "/" + type.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    public List<EventSchema> all() {
        return byType.values().stream().flatMap(List::stream).toList();
    }

    public List<String> types() {
        return List.copyOf(byType.keySet());
    }

    /** The schema whose {@code $id} this is (a {@code dataschema} attribute), if there is one. */
    public Optional<EventSchema> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** On every message the relay publishes: a type's versions are 1..N without gaps, in that order. */
    public Optional<EventSchema> version(String type, int version) {
        List<EventSchema> versions = byType.getOrDefault(type, List.of());
        return version >= 1 && version <= versions.size() ? Optional.of(versions.get(version - 1)) : Optional.empty();
    }

    /** The newest version of the type: what the api writes. */
    public EventSchema latest(String type) {
        List<EventSchema> versions = byType.get(type);
        if (versions == null) {
            throw new IllegalArgumentException("no schema for event type " + type);
        }
        return versions.get(versions.size() - 1);
    }

    private static EventSchema schema(
            SchemaRegistry registry, String type, int version, String path, JsonNode document) {
        String id = document.path("$id").asText("");
        String expectedSuffix = path.substring(ROOT.length());
        if (!id.endsWith(expectedSuffix)) {
            throw new IllegalStateException(path + ": $id '" + id + "' must end with " + expectedSuffix);
        }
        if (!type.equals(document.path(TYPE_KEYWORD).asText())) {
            throw new IllegalStateException(path + ": " + TYPE_KEYWORD + " must be " + type);
        }
        return new EventSchema(
                type,
                document.path(AGGREGATE_TYPE_KEYWORD).asText(),
                version,
                id,
                path,
                document,
                registry.getSchema(document));
    }

    private static Optional<JsonNode> read(String path) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
