package dev.outboxcdc.api.customer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A validated registration request. Unknown fields are tolerated; known ones must be right. */
public record NewCustomer(String email, String name) {
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_NAME_LENGTH = 200;
    /** Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is the mailer's job. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}");

    /** The request as a customer, or the list of what is wrong with each field. */
    public static Result from(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> email = email(body, errors);
        Optional<String> name = text(body, "name", MAX_NAME_LENGTH, errors);
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        return new Result(new NewCustomer(email.orElseThrow(), name.orElseThrow()), List.of());
    }

    /** {@code email}: required, a string, and an email address. */
    static Optional<String> email(JsonNode body, List<FieldError> errors) {
        Optional<String> email = text(body, "email", MAX_EMAIL_LENGTH, errors);
        if (email.isPresent() && !EMAIL.matcher(email.get()).matches()) {
            errors.add(new FieldError("email", "must be a valid email address"));
            return Optional.empty();
        }
        return email;
    }

    /** A required text field: a string, not blank, at most {@code maxLength} characters, no control characters. */
    static Optional<String> text(JsonNode body, String field, int maxLength, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return Optional.empty();
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return Optional.empty();
        }
        String value = node.textValue().strip();
        if (value.isEmpty()) {
            errors.add(new FieldError(field, "must not be blank"));
        } else if (value.codePointCount(0, value.length()) > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
        } else if (CONTROL_CHARACTERS.matcher(value).find()) {
            errors.add(new FieldError(field, "must not contain control characters"));
        } else {
            return Optional.of(value);
        }
        return Optional.empty();
    }

    /** Either a customer or field errors, never both. */
    public record Result(NewCustomer customer, List<FieldError> errors) {
        public boolean isValid() {
            return customer != null;
        }
    }
}
