package dev.outboxcdc.api.customer;

import java.time.Instant;
import java.util.UUID;

/** A registered customer, as stored and as returned by the api. */
public record Customer(UUID id, String email, String name, Instant createdAt) {
}
