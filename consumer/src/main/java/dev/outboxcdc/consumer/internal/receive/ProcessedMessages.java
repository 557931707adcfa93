package dev.outboxcdc.consumer.internal.receive;

import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The idempotent receiver's log. {@link #firstDelivery} inserts the message id in the caller's
 * transaction; the primary key, not a prior SELECT, decides whether it was seen before, so two
 * workers racing on copies of one message cannot both win. Stateless and thread-safe.
 */
public final class ProcessedMessages {
    private static final int DUPLICATE_KEY = 1062;
    private final String consumer;

    public ProcessedMessages(String consumer) {
        this.consumer = consumer;
    }

    /**
     * Records every id with one multi-row insert; true if none was recorded before. False if one was
     * (or the list holds one id twice): the statement is then undone as a whole — the transaction
     * goes on — and the caller decides message by message with {@link #firstDelivery}.
     */
    public boolean firstDeliveryOfAll(Handle handle, List<String> messageIds) {
        List<Processed> records =
                messageIds.stream().map(id -> new Processed(consumer, id)).toList();
        try {
            handle.createUpdate("INSERT INTO processed_messages (consumer, message_id) VALUES <records>")
                    .bindMethodsList("records", records, List.of("consumer", "messageId"))
                    .execute();
            return true;
        } catch (StatementException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** True if this is the first time the message is recorded; false (and counted) for a duplicate. */
    public boolean firstDelivery(Handle handle, String messageId) {
        try {
            handle.createUpdate("INSERT INTO processed_messages (consumer, message_id) VALUES (:consumer, :id)")
                    .bind("consumer", consumer)
                    .bind("id", messageId)
                    .execute();
            return true;
        } catch (StatementException e) {
            if (isDuplicateKey(e)) {
                // A failed statement does not abort a MySQL/MariaDB transaction: the batch goes on.
                handle.createUpdate("UPDATE processed_messages SET duplicates = duplicates + 1"
                                + " WHERE consumer = :consumer AND message_id = :id")
                        .bind("consumer", consumer)
                        .bind("id", messageId)
                        .execute();
                return false;
            }
            throw e;
        }
    }

    /** Takes back the records of messages that were not handled after all (they wait, and come back later). */
    public void forget(Handle handle, List<String> messageIds) {
        handle.createUpdate("DELETE FROM processed_messages WHERE consumer = :consumer AND message_id IN (<ids>)")
                .bind("consumer", consumer)
                .bindList("ids", messageIds)
                .execute();
    }

    private static boolean isDuplicateKey(StatementException e) {
        return e.getCause() instanceof SQLException sql && sql.getErrorCode() == DUPLICATE_KEY;
    }

    /** A row of {@code processed_messages}; public so that Jdbi can call its accessors. */
    public record Processed(String consumer, String messageId) {}

    /** Deletes up to {@code limit} records older than {@code cutoffHours}; returns how many. */
    public int deleteOlderThan(Handle handle, long cutoffHours, int limit) {
        return handle.createUpdate(
                        "DELETE FROM processed_messages WHERE consumer = :consumer"
                                + " AND processed_at < CURRENT_TIMESTAMP(6) - INTERVAL :hours HOUR ORDER BY processed_at LIMIT :limit")
                .bind("consumer", consumer)
                .bind("hours", cutoffHours)
                .bind("limit", limit)
                .execute();
    }
}
