package dev.outboxcdc.contract.events;

import java.time.Instant;

/**
 * The customer's events, as the api writes them to the outbox and the worker reads them: the
 * aggregate type, the type names and the payloads (JSON, field names as the record components).
 * Every event carries the customer's {@code version}: 1 for the create, one more per update, in
 * commit order, so a consumer applies them in that order (docs/DELIVERY.md, "Ordering").
 *
 * <p>Adding an event type: a record and a type name here, the api's use case that writes it in its
 * transaction, and a {@code MessageHandler} for it in the worker (registered in its {@code Main}).
 */
public final class CustomerEvents {
    public static final String AGGREGATE_TYPE = "customer";
    public static final String CREATED = "CustomerCreated";
    public static final String UPDATED = "CustomerUpdated";

    private CustomerEvents() {}

    /** A customer registered. Field order is the seed's ({@code id, name, email}), then the additions. */
    public record Created(String id, String name, String email, Instant createdAt, long version) {}

    /** A customer's name and/or email changed; the customer's whole new state and version. */
    public record Updated(String id, String name, String email, Instant updatedAt, long version) {}
}
