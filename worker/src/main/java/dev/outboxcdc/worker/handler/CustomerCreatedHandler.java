package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outboxcdc.contract.events.CustomerEvents;
import dev.outboxcdc.support.tracing.LogFields;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The seed's background job: a welcome email for every new customer (one row a mailer would send);
 * and the customer's first version in the worker's read model ({@link CustomerDirectory}).
 */
public final class CustomerCreatedHandler implements MessageHandler {
    private static final Logger log = LoggerFactory.getLogger(CustomerCreatedHandler.class);
    private final CustomerDirectory directory = new CustomerDirectory();

    @Override
    public String type() {
        return CustomerEvents.CREATED;
    }

    @Override
    public void handle(Handle handle, String messageId, JsonNode payload, String rawPayload) {
        WelcomeEmail email = welcomeEmail(messageId, payload);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(LogFields.CUSTOMER_ID, email.customerId())) {
            log.info("Handling [{}] - Payload: '{}'", type(), rawPayload);
        }
        insert(handle, List.of(email));
    }

    /** One multi-row insert for the whole batch. */
    @Override
    public List<Waiting> handleAll(Handle handle, List<Event> events) {
        List<WelcomeEmail> emails = new ArrayList<>(events.size());
        for (Event event : events) {
            WelcomeEmail email = welcomeEmail(event.messageId(), event.payload());
            try (Scope traced = event.traced();
                    MDC.MDCCloseable customer = MDC.putCloseable(LogFields.CUSTOMER_ID, email.customerId())) {
                log.info("Handling [{}] - Payload: '{}'", type(), event.rawPayload());
            }
            emails.add(email);
        }
        insert(handle, emails);
        return List.of();
    }

    private void insert(Handle handle, List<WelcomeEmail> emails) {
        handle.createUpdate("INSERT INTO welcome_emails (customer_id, email, name, message_id) VALUES <emails>")
                .bindMethodsList("emails", emails, List.of("customerId", "email", "name", "messageId"))
                .execute();
        directory.created(
                handle,
                emails.stream()
                        .map(email -> new CustomerDirectory.Entry(
                                email.customerId(), email.email(), email.name(), email.version(), email.messageId()))
                        .toList());
    }

    /** Events written before versions existed have none: they were the first. */
    private static WelcomeEmail welcomeEmail(String messageId, JsonNode payload) {
        String type = CustomerEvents.CREATED;
        return new WelcomeEmail(
                Payloads.text(payload, type, "id"),
                Payloads.text(payload, type, "email"),
                Payloads.text(payload, type, "name"),
                messageId,
                payload.has("version") ? Payloads.positiveNumber(payload, type, "version") : 1);
    }

    /** A row of {@code welcome_emails} (and the read model's first version); public so that Jdbi can call its accessors. */
    public record WelcomeEmail(String customerId, String email, String name, String messageId, long version) {}
}
