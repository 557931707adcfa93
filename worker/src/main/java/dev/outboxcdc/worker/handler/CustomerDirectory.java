package dev.outboxcdc.worker.handler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The worker's read model of the customers ({@code customer_directory}) and the log of the versions
 * it took ({@code customer_directory_changes}). Methods take the caller's handle, so they join the
 * transaction that records the message as processed. Stateless and thread-safe.
 */
public final class CustomerDirectory {

    /** A customer's state as its event carries it. */
    public record Entry(String id, String email, String name, long version, String messageId) {}

    /** Version 1 of new customers; one already there (a create handled before) is left as it is. */
    void created(Handle handle, List<Entry> entries) {
        handle.createUpdate("INSERT IGNORE INTO customer_directory (id, email, name, version) VALUES <entries>")
                .bindMethodsList("entries", entries, List.of("id", "email", "name", "version"))
                .execute();
        logChanges(handle, entries);
    }

    /**
     * The versions the read model holds for these customers (absent: none yet), their rows locked
     * until the transaction ends, in id order.
     */
    Map<String, Long> lockedVersions(Handle handle, List<String> ids) {
        Map<String, Long> versions = new HashMap<>();
        handle.createQuery("SELECT id, version FROM customer_directory WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
                .bindList("ids", ids)
                .map((row, ctx) -> Map.entry(row.getString("id"), row.getLong("version")))
                .forEach(entry -> versions.put(entry.getKey(), entry.getValue()));
        return versions;
    }

    /**
     * Sets each customer of {@code lastStates} (rows locked by {@link #lockedVersions}) to its state,
     * and logs every version of {@code applied}: one statement each, whatever the batch's size.
     */
    void updated(Handle handle, List<Entry> lastStates, List<Entry> applied) {
        if (lastStates.isEmpty()) {
            return;
        }
        // A derived table of the new states joined to the rows: one UPDATE, on MariaDB and MySQL alike.
        StringBuilder states = new StringBuilder();
        for (int i = 0; i < lastStates.size(); i++) {
            states.append(
                    i == 0
                            ? "SELECT :id0 AS id, :email0 AS email, :name0 AS name, :version0 AS version"
                            : " UNION ALL SELECT :id" + i + ", :email" + i + ", :name" + i + ", :version" + i);
        }
        var update = handle.createUpdate("UPDATE customer_directory d JOIN (" + states + ") s ON d.id = s.id"
                + " SET d.email = s.email, d.name = s.name, d.version = s.version");
        for (int i = 0; i < lastStates.size(); i++) {
            Entry state = lastStates.get(i);
            update.bind("id" + i, state.id())
                    .bind("email" + i, state.email())
                    .bind("name" + i, state.name())
                    .bind("version" + i, state.version());
        }
        update.execute();
        logChanges(handle, applied);
    }

    private static void logChanges(Handle handle, List<Entry> entries) {
        handle.createUpdate(
                        "INSERT IGNORE INTO customer_directory_changes (customer_id, version, message_id) VALUES <changes>")
                .bindMethodsList("changes", entries, List.of("id", "version", "messageId"))
                .execute();
    }
}
