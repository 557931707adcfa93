package dev.outboxcdc.api.customer;

import java.time.Instant;
import java.util.UUID;

/** A registered customer, as stored and as returned by the api; {@code version} counts its changes from 1. */
public record Customer(UUID id, String email, String name, Instant createdAt, long version) {

    Customer changedTo(CustomerPatch patch) {
        return new Customer(id, patch.email().orElse(email), patch.name().orElse(name), createdAt, version + 1);
    }
}
