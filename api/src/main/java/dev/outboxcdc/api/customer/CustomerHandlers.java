package dev.outboxcdc.api.customer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.outboxcdc.api.idempotency.IdempotencyKey;
import dev.outboxcdc.api.idempotency.IdempotencyKeyInFlightException;
import dev.outboxcdc.api.idempotency.IdempotencyKeyReusedException;
import dev.outboxcdc.api.idempotency.IdempotentRequest;
import dev.outboxcdc.api.idempotency.StoredResponse;
import dev.outboxcdc.support.http.ProblemException;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** HTTP handlers of the customer routes. Thread-safe. */
public final class CustomerHandlers {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** Response header of a replayed answer (as Stripe and others name it; the IETF draft names none). */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final CustomerRegistration registration;
    private final ObjectMapper canonicalJson;
    /** A valid object followed by anything else ({@code {...}}}, {@code {...} x}) is not one JSON document. */
    private final ObjectReader oneDocument;

    public CustomerHandlers(CustomerRegistration registration, ObjectMapper json) {
        this.registration = registration;
        this.canonicalJson = json.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        this.oneDocument = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * {@code POST /customers}. With an {@code Idempotency-Key}, a retry of the same request gets the
     * first response again (with {@code Idempotent-Replayed: true}) and writes nothing; the key reused
     * for another body is a 422, and a retry while the first request is still running a 409.
     */
    public void create(Context ctx) {
        Optional<IdempotencyKey> key = idempotencyKey(ctx);
        requireJsonContentType(ctx, "application/json");
        JsonNode body = parseObject(body(ctx));
        NewCustomer.Result request = NewCustomer.from(body);
        if (!request.isValid()) {
            throw new ProblemException(
                    400,
                    "/problems/invalid-fields",
                    "Invalid request",
                    "One or more fields are invalid",
                    request.errors());
        }
        try {
            if (key.isEmpty()) {
                Customer customer = registration.register(request.validCustomer());
                ctx.status(201)
                        .header("Location", "/customers/" + customer.id())
                        .json(customer);
                return;
            }
            CustomerRegistration.Registration registered = registration.register(
                    request.validCustomer(), IdempotentRequest.of(key.get(), "POST", "/customers", canonical(body)));
            StoredResponse response = registered.response();
            ctx.status(response.status())
                    .header("Location", response.location())
                    .contentType(ContentType.APPLICATION_JSON)
                    .result(response.body());
            if (registered.replayed()) {
                ctx.header(IDEMPOTENT_REPLAYED, "true");
            }
        } catch (DuplicateEmailException e) {
            throw new ProblemException(
                    409, "/problems/duplicate-email", "Email already registered", e.getMessage(), List.of());
        } catch (IdempotencyKeyReusedException e) {
            throw new ProblemException(
                    422, "/problems/idempotency-key-reused", "Idempotency key reused", e.getMessage(), List.of());
        } catch (IdempotencyKeyInFlightException e) {
            throw new ProblemException(
                    409,
                    "/problems/idempotency-key-in-flight",
                    "Request with this key in flight",
                    e.getMessage(),
                    List.of());
        }
    }

    private static Optional<IdempotencyKey> idempotencyKey(Context ctx) {
        List<String> values = Collections.list(ctx.req().getHeaders(IdempotencyKey.HEADER));
        if (values.size() > 1) {
            throw invalidKey("must be sent once, was sent " + values.size() + " times");
        }
        try {
            return IdempotencyKey.parse(values.isEmpty() ? null : values.get(0));
        } catch (IdempotencyKey.InvalidIdempotencyKeyException e) {
            throw invalidKey(String.valueOf(e.getMessage()));
        }
    }

    private static ProblemException invalidKey(String reason) {
        return new ProblemException(
                400,
                "/problems/invalid-idempotency-key",
                "Invalid Idempotency-Key",
                "The Idempotency-Key header " + reason,
                List.of(new FieldError(IdempotencyKey.HEADER, reason)));
    }

    /** The body with its object keys sorted: the same request, whatever order its client wrote the fields in. */
    private byte[] canonical(JsonNode body) {
        try {
            return canonicalJson.writeValueAsBytes(canonicalJson.treeToValue(body, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON object is always writable", e);
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
            throw new ProblemException(
                    400,
                    "/problems/invalid-fields",
                    "Invalid request",
                    "One or more fields are invalid",
                    request.errors());
        }
        try {
            ctx.json(registration.update(id, request.validPatch()).orElseThrow(() -> notFound(id)));
        } catch (DuplicateEmailException e) {
            throw new ProblemException(
                    409, "/problems/duplicate-email", "Email already registered", e.getMessage(), List.of());
        }
    }

    private static UUID customerId(Context ctx) {
        String rawId = ctx.pathParam("id");
        if (!CANONICAL_UUID.matcher(rawId).matches()) {
            throw new ProblemException(
                    400,
                    "/problems/invalid-id",
                    "Invalid customer id",
                    "The customer id must be a UUID",
                    List.of(new FieldError("id", "must be a UUID")));
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
        String mediaType =
                contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!List.of(accepted).contains(mediaType)) {
            throw ProblemException.of(
                    415,
                    "Unsupported Media Type",
                    "Content-Type must be " + String.join(" or ", accepted) + ", was "
                            + (contentType == null ? "missing" : "'" + contentType + "'"));
        }
    }

    private JsonNode parseObject(byte[] raw) {
        JsonNode body;
        try {
            body = oneDocument.readTree(raw);
        } catch (JacksonException e) {
            throw ProblemException.of(
                    400, "Malformed JSON", "The request body is not valid JSON: " + e.getOriginalMessage());
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
        return ProblemException.of(
                413, "Content Too Large", "The request body must be at most " + MAX_BODY_BYTES + " bytes");
    }
}
