package dev.outboxcdc.api.customer;

import dev.outboxcdc.support.db.DirectWrite;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The {@code customers} table. Methods take the caller's handle so that they join its
 * transaction. Timestamps cross JDBC as UTC {@link LocalDateTime}, which neither driver shifts.
 * Stateless and thread-safe.
 */
public final class CustomerRepository {

    private static final int DUPLICATE_KEY = 1062;

    /** On the request path of every registration: plain JDBC ({@link DirectWrite}). */
    void insert(Handle handle, Customer customer) {
        DirectWrite.execute(
                handle,
                "INSERT INTO customers (id, email, name, locale, created_at, version) VALUES (?, ?, ?, ?, ?, ?)",
                customer.id().toString(),
                customer.email(),
                customer.name(),
                customer.locale(),
                LocalDateTime.ofInstant(customer.createdAt(), ZoneOffset.UTC),
                customer.version());
    }

    /** Name, email and version of a customer read with {@link #findForUpdate}. */
    void update(Handle handle, Customer customer) {
        handle.createUpdate("UPDATE customers SET email = :email, name = :name, version = :version WHERE id = :id")
                .bind("id", customer.id().toString())
                .bind("email", customer.email())
                .bind("name", customer.name())
                .bind("version", customer.version())
                .execute();
    }

    public Optional<Customer> find(Handle handle, UUID id) {
        return select(handle, id, "");
    }

    /** The customer, its row locked until the transaction ends: its changes get their versions one by one. */
    Optional<Customer> findForUpdate(Handle handle, UUID id) {
        return select(handle, id, " FOR UPDATE");
    }

    private static Optional<Customer> select(Handle handle, UUID id, String lock) {
        return handle.createQuery(
                        "SELECT id, email, name, locale, created_at, version FROM customers WHERE id = :id" + lock)
                .bind("id", id.toString())
                .map((row, ctx) -> new Customer(
                        UUID.fromString(row.getString("id")),
                        row.getString("email"),
                        row.getString("name"),
                        row.getString("locale"),
                        row.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        row.getLong("version")))
                .findOne();
    }

    /** The unique email refused an insert or update. */
    static boolean isDuplicateEmail(StatementException e) {
        return e.getCause() instanceof SQLException sql
                && sql.getErrorCode() == DUPLICATE_KEY
                && String.valueOf(sql.getMessage()).contains("uq_customers_email");
    }
}
