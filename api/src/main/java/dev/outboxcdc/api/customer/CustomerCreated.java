package dev.outboxcdc.api.customer;

import java.time.Instant;
import java.util.UUID;

/**
 * The event payload written to the outbox. Field order is the seed's ({@code id, name, email}),
 * since consumers and the worker's log line show it as it is.
 */
public record CustomerCreated(UUID id, String name, String email, Instant createdAt) {
    public static final String TYPE = "CustomerCreated";
    public static final String AGGREGATE_TYPE = "customer";

    static CustomerCreated of(Customer customer) {
        return new CustomerCreated(customer.id(), customer.name(), customer.email(), customer.createdAt());
    }
}
