package dev.outboxcdc.api.customer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.api.http.ProblemException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** HTTP handlers of the customer routes. Thread-safe. */
public final class CustomerHandlers {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final CustomerRegistration registration;
    private final ObjectMapper json;

    public CustomerHandlers(CustomerRegistration registration, ObjectMapper json) {
        this.registration = registration;
        this.json = json;
    }

    public void create(Context ctx) {
        requireJsonContentType(ctx, "application/json");
        NewCustomer.Result request = NewCustomer.from(parseObject(body(ctx)));
        if (!request.isValid()) {
            throw new ProblemException(400, "/problems/invalid-fields", "Invalid request",
                    "One or more fields are invalid", request.errors());
        }
        try {
            Customer customer = registration.register(request.customer());
            ctx.status(201).header("Location", "/customers/" + customer.id()).json(customer);
        } catch (DuplicateEmailException e) {
            throw new ProblemException(409, "/problems/duplicate-email", "Email already registered",
                    e.getMessage(), List.of());
        }
    }

    public void find(Context ctx) {
        UUID id = customerId(ctx);
        ctx.json(registration.find(id).orElseThrow(() -> notFound(id)));
    }

    /** {@code PATCH /customers/{id}}: a JSON merge patch of name and/or email; the event says the new state. */
    public void update(Context ctx) {
        UUID id = customerId(ctx);
        requireJsonContentType(ctx, "application/json", "application/merge-patch+json");
        CustomerPatch.Result request = CustomerPatch.from(parseObject(body(ctx)));
        if (!request.isValid()) {
            throw new ProblemException(400, "/problems/invalid-fields", "Invalid request",
                    "One or more fields are invalid", request.errors());
        }
        try {
            ctx.json(registration.update(id, request.patch()).orElseThrow(() -> notFound(id)));
        } catch (DuplicateEmailException e) {
            throw new ProblemException(409, "/problems/duplicate-email", "Email already registered",
                    e.getMessage(), List.of());
        }
    }

    private static UUID customerId(Context ctx) {
        String rawId = ctx.pathParam("id");
        if (!CANONICAL_UUID.matcher(rawId).matches()) {
            throw new ProblemException(400, "/problems/invalid-id", "Invalid customer id",
                    "The customer id must be a UUID", List.of(new FieldError("id", "must be a UUID")));
        }
        return UUID.fromString(rawId);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.of(404, "Not Found", "No customer with id " + id);
    }

    /**
     * The body, read whole (Javalin stops at twice the limit) before refusing it: a 413 sent while
     * the client is still sending makes the server close with unread bytes, and the client may see
     * a reset instead of the answer.
     */
    private static byte[] body(Context ctx) {
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return raw;
    }

    private static void requireJsonContentType(Context ctx, String... accepted) {
        String contentType = ctx.contentType();
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!List.of(accepted).contains(mediaType)) {
            throw ProblemException.of(415, "Unsupported Media Type", "Content-Type must be " + String.join(" or ", accepted)
                    + ", was " + (contentType == null ? "missing" : "'" + contentType + "'"));
        }
    }

    private JsonNode parseObject(byte[] raw) {
        JsonNode body;
        try {
            // A valid object followed by anything else (`{...}}`, `{...} x`) is not one JSON document.
            body = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(raw);
        } catch (JacksonException e) {
            throw ProblemException.of(400, "Malformed JSON", "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ProblemException.of(400, "Malformed JSON", "The request body could not be read");
        }
        if (body == null || body.isMissingNode()) {
            throw ProblemException.of(400, "Malformed JSON", "The request body is empty");
        }
        if (!body.isObject()) {
            throw ProblemException.of(400, "Malformed JSON", "The request body must be a JSON object");
        }
        return body;
    }

    private static ProblemException tooLarge() {
        return ProblemException.of(413, "Content Too Large", "The request body must be at most " + MAX_BODY_BYTES + " bytes");
    }
}
