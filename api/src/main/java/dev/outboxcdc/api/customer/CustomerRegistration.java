package dev.outboxcdc.api.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.api.outbox.OutboxEvent;
import dev.outboxcdc.api.outbox.OutboxWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Registers a customer and records its {@code CustomerCreated} event in ONE transaction: either
 * both rows commit or neither does. Thread-safe.
 */
public final class CustomerRegistration {
    private static final int DUPLICATE_KEY = 1062;

    private final Jdbi jdbi;
    private final CustomerRepository customers;
    private final OutboxWriter outbox;
    private final Supplier<UUID> ids;
    private final ObjectMapper json;
    private final Clock clock;

    public CustomerRegistration(Jdbi jdbi, CustomerRepository customers, OutboxWriter outbox,
                                Supplier<UUID> ids, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.customers = customers;
        this.outbox = outbox;
        this.ids = ids;
        this.json = json;
        this.clock = clock;
    }

    public Customer register(NewCustomer request) {
        // Microseconds: what TIMESTAMP(6) keeps, so the response equals what a later GET returns.
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        Customer customer = new Customer(ids.get(), request.email(), request.name(), now);
        OutboxEvent event = new OutboxEvent(ids.get(), CustomerCreated.AGGREGATE_TYPE, customer.id().toString(),
                CustomerCreated.TYPE, payload(CustomerCreated.of(customer)));
        try {
            jdbi.useTransaction(handle -> {
                customers.insert(handle, customer);
                outbox.append(handle, event);
            });
        } catch (StatementException e) {
            if (isDuplicateEmail(e)) {
                throw new DuplicateEmailException(request.email());
            }
            throw e;
        }
        return customer;
    }

    public Optional<Customer> find(UUID id) {
        return jdbi.withHandle(handle -> customers.find(handle, id));
    }

    private String payload(CustomerCreated event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + event, e);
        }
    }

    private static boolean isDuplicateEmail(StatementException e) {
        return e.getCause() instanceof SQLException sql
                && sql.getErrorCode() == DUPLICATE_KEY
                && String.valueOf(sql.getMessage()).contains("uq_customers_email");
    }
}
