package dev.outboxcdc.consumer;

import java.sql.Connection;
import org.jdbi.v3.core.Handle;

/**
 * The transaction a handler writes its effect in: the same one that records the event as processed,
 * so the effect commits exactly once. Use the Jdbi {@link #handle()} or the plain JDBC
 * {@link #connection()}; never commit, roll back or close either.
 */
public record Transaction(Handle handle) {
    /** The transaction's JDBC connection (auto-commit off). */
    public Connection connection() {
        return handle.getConnection();
    }
}
