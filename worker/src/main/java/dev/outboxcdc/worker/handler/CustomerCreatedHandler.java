package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outboxcdc.consumer.ReceivedEvent;
import dev.outboxcdc.consumer.Transaction;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.support.tracing.LogFields;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The seed's background job: a welcome email for every new customer (one row a mailer would send),
 * in the customer's language when the event has one (v2); and the customer's first version in the
 * worker's read model ({@link CustomerDirectory}). Reads {@code CustomerCreated} v1 and v2 unless
 * told to read fewer (a build of before v2 is this handler reading v1 only).
 */
public final class CustomerCreatedHandler implements MessageHandler {
    private static final Logger log = LoggerFactory.getLogger(CustomerCreatedHandler.class);
    private static final Set<Integer> ALL_VERSIONS = Set.of(1, 2);
    private final CustomerDirectory directory = new CustomerDirectory();
    private final Set<Integer> versions;

    public CustomerCreatedHandler() {
        this(ALL_VERSIONS);
    }

    public CustomerCreatedHandler(Set<Integer> versions) {
        if (versions.isEmpty() || !ALL_VERSIONS.containsAll(versions)) {
            throw new IllegalArgumentException(
                    "CustomerCreatedHandler reads versions " + ALL_VERSIONS + ", not " + versions);
        }
        this.versions = Set.copyOf(versions);
    }

    @Override
    public String type() {
        return CustomerEvents.CREATED;
    }

    @Override
    public Set<Integer> versions() {
        return versions;
    }

    @Override
    public void handle(ReceivedEvent event, Transaction transaction) {
        WelcomeEmail email = welcomeEmail(event.id(), event.data());
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogFields.CUSTOMER_ID, email.customerId())) {
            log.info("Handling [{}] - Payload: '{}'", type(), event.rawData());
        }
        insert(transaction.handle(), List.of(email));
    }

    /** One multi-row insert for the whole batch. */
    @Override
    public List<Waiting> handleAll(List<ReceivedEvent> events, Transaction transaction) {
        List<WelcomeEmail> emails = new ArrayList<>(events.size());
        for (ReceivedEvent event : events) {
            WelcomeEmail email = welcomeEmail(event.id(), event.data());
            try (Scope traced = event.traced();
                    MDC.MDCCloseable customer = MDC.putCloseable(LogFields.CUSTOMER_ID, email.customerId())) {
                log.info("Handling [{}] - Payload: '{}'", type(), event.rawData());
            }
            emails.add(email);
        }
        insert(transaction.handle(), emails);
        return List.of();
    }

    private void insert(Handle handle, List<WelcomeEmail> emails) {
        handle.createUpdate("INSERT INTO welcome_emails (customer_id, email, name, locale, message_id) VALUES <emails>")
                .bindMethodsList("emails", emails, List.of("customerId", "email", "name", "locale", "messageId"))
                .execute();
        directory.created(
                handle,
                emails.stream()
                        .map(email -> new CustomerDirectory.Entry(
                                email.customerId(), email.email(), email.name(), email.version(), email.messageId()))
                        .toList());
    }

    /**
     * The payload matched its schema (checked before any handler runs). Events written before
     * versions existed have none: they were the first. v1 events have no locale.
     */
    private static WelcomeEmail welcomeEmail(String messageId, JsonNode payload) {
        String type = CustomerEvents.CREATED;
        return new WelcomeEmail(
                Payloads.text(payload, type, "id"),
                Payloads.text(payload, type, "email"),
                Payloads.text(payload, type, "name"),
                payload.has("locale") ? Payloads.text(payload, type, "locale") : null,
                messageId,
                payload.has("version") ? Payloads.positiveNumber(payload, type, "version") : 1);
    }

    /** A row of {@code welcome_emails} (and the read model's first version); public so that Jdbi can call its accessors. */
    public record WelcomeEmail(
            String customerId,
            String email,
            String name,
            @Nullable String locale,
            String messageId,
            long version) {}
}
