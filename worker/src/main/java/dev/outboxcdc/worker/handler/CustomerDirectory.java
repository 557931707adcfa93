package dev.outboxcdc.worker.handler;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The worker's read model of the customers ({@code customer_directory}) and the log of the versions
 * it took ({@code customer_directory_changes}). Methods take the caller's handle, so they join the
 * transaction that records the message as processed. Stateless and thread-safe.
 */
public final class CustomerDirectory {

    /** A customer's state as its event carries it. */
    public record Entry(String id, String email, String name, long version, String messageId) {
    }

    /** Version 1 of new customers; one already there (a create handled before) is left as it is. */
    void created(Handle handle, List<Entry> entries) {
        handle.createUpdate("INSERT IGNORE INTO customer_directory (id, email, name, version) VALUES <entries>")
                .bindMethodsList("entries", entries, List.of("id", "email", "name", "version"))
                .execute();
        logChanges(handle, entries);
    }

    /** The version the read model holds for the customer, its row locked until the transaction ends. */
    Optional<Long> lockedVersion(Handle handle, String id) {
        return handle.createQuery("SELECT version FROM customer_directory WHERE id = :id FOR UPDATE")
                .bind("id", id).mapTo(Long.class).findOne();
    }

    void updated(Handle handle, Entry entry) {
        handle.createUpdate("UPDATE customer_directory SET email = :email, name = :name, version = :version WHERE id = :id")
                .bindMethods(entry).execute();
        logChanges(handle, List.of(entry));
    }

    private static void logChanges(Handle handle, List<Entry> entries) {
        handle.createUpdate("INSERT IGNORE INTO customer_directory_changes (customer_id, version, message_id) VALUES <changes>")
                .bindMethodsList("changes", entries, List.of("id", "version", "messageId"))
                .execute();
    }
}
