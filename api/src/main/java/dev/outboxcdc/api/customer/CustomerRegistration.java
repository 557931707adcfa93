package dev.outboxcdc.api.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.api.idempotency.IdempotencyKeyInFlightException;
import dev.outboxcdc.api.idempotency.IdempotencyKeyReusedException;
import dev.outboxcdc.api.idempotency.IdempotencyKeys;
import dev.outboxcdc.api.idempotency.IdempotentRequest;
import dev.outboxcdc.api.idempotency.StoredResponse;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.producer.OutboxEvent;
import dev.outboxcdc.producer.OutboxWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.jspecify.annotations.Nullable;

/**
 * Registers and changes customers, each change with its event ({@code CustomerCreated},
 * {@code CustomerUpdated}) in the outbox in ONE transaction: either both rows commit or neither
 * does. A change locks the customer's row, so its version (carried by the event) grows by one per
 * change in commit order. A registration with an {@code Idempotency-Key} claims the key in that same
 * transaction, so a retry finds the key exactly when the customer exists. Thread-safe.
 */
public final class CustomerRegistration {
    private final Jdbi jdbi;
    private final CustomerRepository customers;
    private final OutboxWriter outbox;
    private final Supplier<UUID> ids;
    private final IdempotencyKeys idempotencyKeys;
    private final ObjectMapper json;
    private final Clock clock;
    private final String defaultLocale;

    public CustomerRegistration(
            Jdbi jdbi,
            CustomerRepository customers,
            OutboxWriter outbox,
            IdempotencyKeys idempotencyKeys,
            Supplier<UUID> ids,
            ObjectMapper json,
            Clock clock,
            String defaultLocale) {
        this.jdbi = jdbi;
        this.customers = customers;
        this.outbox = outbox;
        this.idempotencyKeys = idempotencyKeys;
        this.ids = ids;
        this.json = json;
        this.clock = clock;
        this.defaultLocale = defaultLocale;
    }

    /** The response to a registration, and whether it is the stored response of an earlier request with the same key. */
    public record Registration(StoredResponse response, boolean replayed) {}

    public Customer register(NewCustomer request) {
        Customer customer = newCustomer(request);
        return uniqueEmail(request.email(), () -> jdbi.inTransaction(handle -> insert(handle, customer)));
    }

    /**
     * Registers the customer, unless an earlier request with the same key did: then its response
     * is returned and nothing is written.
     *
     * @throws IdempotencyKeyReusedException   the key was used for another request
     * @throws IdempotencyKeyInFlightException the earlier request with the key is still being processed
     */
    public Registration register(NewCustomer request, IdempotentRequest idempotency) {
        Customer customer = newCustomer(request);
        StoredResponse created = new StoredResponse(201, "/customers/" + customer.id(), serialise(customer));
        return uniqueEmail(
                request.email(),
                () -> jdbi.inTransaction(handle -> {
                    Optional<StoredResponse> earlier = idempotencyKeys.claim(handle, idempotency, created);
                    if (earlier.isPresent()) {
                        return new Registration(earlier.get(), true);
                    }
                    insert(handle, customer);
                    return new Registration(created, false);
                }));
    }

    private Customer newCustomer(NewCustomer request) {
        return new Customer(
                ids.get(), request.email(), request.name(), request.locale().orElse(defaultLocale), now(), 1);
    }

    private Customer insert(Handle handle, Customer customer) {
        customers.insert(handle, customer);
        append(
                handle,
                customer,
                CustomerEvents.CREATED,
                new CustomerEvents.Created(
                        customer.id().toString(),
                        customer.name(),
                        customer.email(),
                        customer.locale(),
                        customer.createdAt(),
                        customer.version()));
        return customer;
    }

    /** The changed customer, or empty if there is none with this id (nothing written then). */
    public Optional<Customer> update(UUID id, CustomerPatch patch) {
        return uniqueEmail(
                patch.email().orElse(null),
                () -> jdbi.inTransaction(handle -> {
                    Optional<Customer> current = customers.findForUpdate(handle, id);
                    if (current.isEmpty()) {
                        return Optional.<Customer>empty();
                    }
                    Customer changed = current.get().changedTo(patch);
                    customers.update(handle, changed);
                    append(
                            handle,
                            changed,
                            CustomerEvents.UPDATED,
                            new CustomerEvents.Updated(
                                    changed.id().toString(),
                                    changed.name(),
                                    changed.email(),
                                    now(),
                                    changed.version()));
                    return Optional.of(changed);
                }));
    }

    public Optional<Customer> find(UUID id) {
        return jdbi.withHandle(handle -> customers.find(handle, id));
    }

    private void append(Handle handle, Customer customer, String type, Object payload) {
        outbox.append(
                handle,
                new OutboxEvent(
                        ids.get(), CustomerEvents.AGGREGATE_TYPE, customer.id().toString(), type, payload));
    }

    /** Microseconds: what TIMESTAMP(6) keeps, so the response equals what a later GET returns. */
    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> T uniqueEmail(@Nullable String email, Supplier<T> write) {
        try {
            return write.get();
        } catch (StatementException e) {
            if (CustomerRepository.isDuplicateEmail(e)) {
                throw new DuplicateEmailException(email);
            }
            throw e;
        }
    }

    private String serialise(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + payload, e);
        }
    }
}
