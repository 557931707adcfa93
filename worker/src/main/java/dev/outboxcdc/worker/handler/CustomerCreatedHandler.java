package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outboxcdc.support.tracing.LogFields;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The seed's background job: a welcome email for every new customer (one row a mailer would send). */
public final class CustomerCreatedHandler implements MessageHandler {
    private static final Logger log = LoggerFactory.getLogger(CustomerCreatedHandler.class);

    @Override
    public String type() {
        return "CustomerCreated";
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
    public void handleAll(Handle handle, List<Event> events) {
        List<WelcomeEmail> emails = new ArrayList<>(events.size());
        for (Event event : events) {
            WelcomeEmail email = welcomeEmail(event.messageId(), event.payload());
            try (Scope traced = event.traced(); MDC.MDCCloseable customer = MDC.putCloseable(LogFields.CUSTOMER_ID, email.customerId())) {
                log.info("Handling [{}] - Payload: '{}'", type(), event.rawPayload());
            }
            emails.add(email);
        }
        insert(handle, emails);
    }

    private static void insert(Handle handle, List<WelcomeEmail> emails) {
        handle.createUpdate("INSERT INTO welcome_emails (customer_id, email, name, message_id) VALUES <emails>")
                .bindMethodsList("emails", emails, List.of("customerId", "email", "name", "messageId"))
                .execute();
    }

    private static WelcomeEmail welcomeEmail(String messageId, JsonNode payload) {
        return new WelcomeEmail(required(payload, "id"), required(payload, "email"), required(payload, "name"), messageId);
    }

    /** A row of {@code welcome_emails}; public so that Jdbi can call its accessors. */
    public record WelcomeEmail(String customerId, String email, String name, String messageId) {
    }

    private static String required(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidMessageException("CustomerCreated payload lacks a string '" + field + "'");
        }
        return value.textValue();
    }
}
