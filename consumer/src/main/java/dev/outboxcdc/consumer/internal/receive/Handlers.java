package dev.outboxcdc.consumer.internal.receive;

import dev.outboxcdc.consumer.EventHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The handlers of a consumer, one per event type and schema version. Filled at start, then read only. */
public final class Handlers {
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
}
