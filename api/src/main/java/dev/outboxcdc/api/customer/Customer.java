package dev.outboxcdc.api.customer;

import java.time.Instant;
import java.util.UUID;

/**
 * A registered customer, as stored and as returned by the api; {@code version} counts its changes
 * from 1; {@code locale} (BCP 47) is null for customers registered before it existed.
 */
public record Customer(UUID id, String email, String name, String locale, Instant createdAt, long version) {

    Customer changedTo(CustomerPatch patch) {
        return new Customer(id, patch.email().orElse(email), patch.name().orElse(name), locale, createdAt, version + 1);
    }
}
