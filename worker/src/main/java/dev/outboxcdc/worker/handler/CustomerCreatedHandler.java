package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The seed's background job: a welcome email for every new customer (one row a mailer would send). */
public final class CustomerCreatedHandler implements MessageHandler {
    private static final Logger log = LoggerFactory.getLogger(CustomerCreatedHandler.class);

    @Override
    public String type() {
        return "CustomerCreated";
    }

    @Override
    public void handle(Handle handle, String messageId, JsonNode payload, String rawPayload) {
        handleAll(handle, List.of(new Event(messageId, payload, rawPayload)));
    }

    /** One multi-row insert for the whole batch. */
    @Override
    public void handleAll(Handle handle, List<Event> events) {
        List<WelcomeEmail> emails = events.stream().map(CustomerCreatedHandler::welcomeEmail).toList();
        for (Event event : events) {
            log.info("Handling [{}] - Payload: '{}'", type(), event.rawPayload());
        }
        handle.createUpdate("INSERT INTO welcome_emails (customer_id, email, name, message_id) VALUES <emails>")
                .bindMethodsList("emails", emails, List.of("customerId", "email", "name", "messageId"))
                .execute();
    }

    private static WelcomeEmail welcomeEmail(Event event) {
        return new WelcomeEmail(required(event.payload(), "id"), required(event.payload(), "email"),
                required(event.payload(), "name"), event.messageId());
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
