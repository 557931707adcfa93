package dev.outboxcdc.api.outbox;

import dev.outboxcdc.contract.schema.EventSchema;
import java.util.List;

/**
 * An event the api was about to write does not match its schema: a bug in the api, never the
 * client's fault. The transaction is rolled back (nothing written) and the request answered 500.
 */
public final class EventSchemaViolationException extends RuntimeException {
    public EventSchemaViolationException(EventSchema schema, List<String> violations) {
        super("the " + schema.name() + " event does not match its schema " + schema.id() + ": "
                + String.join("; ", violations));
    }
}
