package dev.outboxcdc.api.customer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A validated registration request. Unknown fields are tolerated; known ones must be right.
 * {@code locale} is empty when the request has none (the api's default applies).
 */
public record NewCustomer(String email, String name, Optional<String> locale) {
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_LOCALE_LENGTH = 35;
    /** A BCP 47 tag as CustomerCreated v2 carries it: a language, then subtags ({@code en}, {@code pt-BR}). */
    private static final Pattern LOCALE = Pattern.compile("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$");
    /** Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is the mailer's job. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}");

    /** The request as a customer, or the list of what is wrong with each field. */
    public static Result from(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> email = email(body, errors);
        Optional<String> name = text(body, "name", MAX_NAME_LENGTH, errors);
        Optional<String> locale = locale(body, errors);
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        return new Result(new NewCustomer(email.orElseThrow(), name.orElseThrow(), locale), List.of());
    }

    /** {@code locale}: optional; a well-formed BCP 47 language tag, returned in its canonical case ({@code pt-BR}). */
    static Optional<String> locale(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("locale");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        Optional<String> locale = node.isTextual() ? languageTag(node.textValue()) : Optional.empty();
        if (locale.isEmpty()) {
            errors.add(new FieldError("locale", "must be a BCP 47 language tag such as en or pt-BR"));
        }
        return locale;
    }

    /** The tag in its canonical case ({@code pt-br} → {@code pt-BR}), or empty if it is no well-formed BCP 47 tag. */
    public static Optional<String> languageTag(String value) {
        if (value.length() > MAX_LOCALE_LENGTH || !LOCALE.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new Locale.Builder().setLanguageTag(value).build().toLanguageTag());
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
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
    public record Result(@Nullable NewCustomer customer, List<FieldError> errors) {
        public boolean isValid() {
            return customer != null;
        }

        /** The customer, once {@link #isValid} said there is one. */
        public NewCustomer validCustomer() {
            return Objects.requireNonNull(customer, "no customer: the request has field errors");
        }
    }
}
