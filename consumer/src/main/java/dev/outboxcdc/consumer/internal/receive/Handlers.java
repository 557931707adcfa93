package dev.outboxcdc.consumer.internal.receive;

import dev.outboxcdc.consumer.EventHandler;
import dev.outboxcdc.contract.schema.EventSchema;
import dev.outboxcdc.contract.schema.EventSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The handlers of a consumer, one per event type and schema version. Filled at start, then read only. */
public final class Handlers {
    private static final Logger log = LoggerFactory.getLogger(Handlers.class);
    private final Map<String, TreeMap<Integer, EventHandler>> byType = new LinkedHashMap<>();

    /**
     * Registers {@code handler} for the events of {@code type} in schema version {@code version}.
     *
     * @throws IllegalArgumentException a handler for this type and version is registered already
     */
    public void add(String type, int version, EventHandler handler) {
        if (type.isBlank()) {
            throw new IllegalArgumentException("a handler is registered for a blank event type");
        }
        if (version < 1) {
            throw new IllegalArgumentException(
                    "a handler for " + type + " is registered for version " + version + "; versions start at 1");
        }
        EventHandler before = byType.computeIfAbsent(type, t -> new TreeMap<>()).putIfAbsent(version, handler);
        if (before != null) {
            throw new IllegalArgumentException("a handler for " + type + " v" + version + " is registered twice");
        }
    }

    public Optional<EventHandler> handler(String type, int version) {
        TreeMap<Integer, EventHandler> versions = byType.get(type);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    public boolean handles(String type) {
        return byType.containsKey(type);
    }

    /** The versions of {@code type} registered, in order. */
    public Set<Integer> versions(String type) {
        TreeMap<Integer, EventHandler> versions = byType.get(type);
        return versions == null ? Set.of() : versions.navigableKeySet();
    }

    public Set<String> types() {
        return byType.keySet();
    }

    public boolean isEmpty() {
        return byType.isEmpty();
    }

    /**
     * Refuses a version the contract does not have for a type it has schemas of; a type without any
     * schema is said once, its payloads left to its handler's checks.
     *
     * @throws IllegalArgumentException naming the type, the version and the versions there are
     */
    public void checkAgainst(EventSchemas schemas) {
        for (String type : types()) {
            List<Integer> known = schemas.all().stream()
                    .filter(schema -> schema.type().equals(type))
                    .map(EventSchema::version)
                    .sorted()
                    .toList();
            if (known.isEmpty()) {
                log.warn(
                        "no schema for event type {} in the contract: its payloads are checked by its handler only",
                        type);
                continue;
            }
            for (int version : versions(type)) {
                if (!known.contains(version)) {
                    throw new IllegalArgumentException("a handler is registered for " + type + " v" + version
                            + ", a schema version the contract does not have (it has "
                            + known.stream().map(v -> "v" + v).collect(Collectors.joining(", ")) + ")");
                }
            }
        }
    }
}
