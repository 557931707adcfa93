package dev.outboxcdc.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
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
        log.info("Handling [{}] - Payload: '{}'", type(), rawPayload);
        handle.createUpdate("INSERT INTO welcome_emails (customer_id, email, name, message_id)"
                        + " VALUES (:customerId, :email, :name, :messageId)")
                .bind("customerId", required(payload, "id"))
                .bind("email", required(payload, "email"))
                .bind("name", required(payload, "name"))
                .bind("messageId", messageId)
                .execute();
    }

    private static String required(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidMessageException("CustomerCreated payload lacks a string '" + field + "'");
        }
        return value.textValue();
    }
}
