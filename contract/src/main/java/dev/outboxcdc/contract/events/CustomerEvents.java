package dev.outboxcdc.contract.events;

import java.time.Instant;
import java.util.List;

/**
 * The customer's events, as the api writes them to the outbox and the worker reads them: the
 * aggregate type, the type names and the payloads (JSON, field names as the record components).
 * Every event carries the customer's {@code version}: 1 for the create, one more per update, in
 * commit order, so a consumer applies them in that order (docs/DELIVERY.md, "Ordering").
 *
 * <p>The shape of each is defined by its JSON Schemas in {@code contracts/} ({@code EventSchemas});
 * these records are what the api serialises, checked against the newest schema on every write.
 * Adding an event type: its schema, a record and a type name here (in {@link #TYPES}), the api's
 * use case that writes it in its transaction, and a {@code MessageHandler} for it in the worker.
 */
public final class CustomerEvents {
    public static final String AGGREGATE_TYPE = "customer";
    public static final String CREATED = "CustomerCreated";
    public static final String UPDATED = "CustomerUpdated";
    /** Every type; each has its schemas in {@code contracts/} ({@code EventSchemas}). */
    public static final List<String> TYPES = List.of(CREATED, UPDATED);

    private CustomerEvents() {}

    /**
     * A customer registered ({@code contracts/customer-created/v2.json}). Field order is the seed's
     * ({@code id, name, email}), then the additions.
     */
    public record Created(String id, String name, String email, String locale, Instant createdAt, long version) {}

    /** A customer's name and/or email changed; the customer's whole new state and version ({@code contracts/customer-updated/v1.json}). */
    public record Updated(String id, String name, String email, Instant updatedAt, long version) {}
}
