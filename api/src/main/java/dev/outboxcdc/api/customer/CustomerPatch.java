package dev.outboxcdc.api.customer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A validated {@code PATCH /customers/{id}} body: a JSON merge patch (RFC 7396) of {@code name}
 * and/or {@code email}, each checked as on registration. Neither can be removed ({@code null}), and
 * a patch that changes neither is refused. Unknown fields are tolerated, as on registration.
 */
public record CustomerPatch(Optional<String> email, Optional<String> name) {
    static final List<String> FIELDS = List.of("email", "name");

    /** The patch, or the list of what is wrong with each field. */
    public static Result from(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> email = Optional.empty();
        Optional<String> name = Optional.empty();
        if (body.has("email")) {
            email = NewCustomer.email(body, errors);
        }
        if (body.has("name")) {
            name = NewCustomer.text(body, "name", NewCustomer.MAX_NAME_LENGTH, errors);
        }
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        if (email.isEmpty() && name.isEmpty()) {
            return new Result(
                    null, List.of(new FieldError("body", "must change at least one of " + String.join(", ", FIELDS))));
        }
        return new Result(new CustomerPatch(email, name), List.of());
    }

    /** Either a patch or field errors, never both. */
    public record Result(@Nullable CustomerPatch patch, List<FieldError> errors) {
        public boolean isValid() {
            return patch != null;
        }

        /** The patch, once {@link #isValid} said there is one. */
        public CustomerPatch validPatch() {
            return Objects.requireNonNull(patch, "no patch: the request has field errors");
        }
    }
}
