package dev.outboxcdc.api.customer;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The {@code customers} table. Methods take the caller's handle so that they join its
 * transaction. Timestamps cross JDBC as UTC {@link LocalDateTime}, which neither driver shifts.
 * Stateless and thread-safe.
 */
public final class CustomerRepository {

    void insert(Handle handle, Customer customer) {
        handle.createUpdate("INSERT INTO customers (id, email, name, created_at) VALUES (:id, :email, :name, :createdAt)")
                .bind("id", customer.id().toString())
                .bind("email", customer.email())
                .bind("name", customer.name())
                .bind("createdAt", LocalDateTime.ofInstant(customer.createdAt(), ZoneOffset.UTC))
                .execute();
    }

    public Optional<Customer> find(Handle handle, UUID id) {
        return handle.createQuery("SELECT id, email, name, created_at FROM customers WHERE id = :id")
                .bind("id", id.toString())
                .map((row, ctx) -> new Customer(
                        UUID.fromString(row.getString("id")),
                        row.getString("email"),
                        row.getString("name"),
                        row.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC)))
                .findOne();
    }
}
