package dev.outboxcdc.api.idempotency;

import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The value of an {@code Idempotency-Key} request header (IETF httpapi draft
 * "The Idempotency-Key HTTP Header Field"). The draft makes it a Structured Field string, e.g.
 * {@code "8e03978e-40d5-43e8-bc93-6894a57f9324"}; most clients send it unquoted, so both are read.
 * Either way the key is 1 to {@value #MAX_LENGTH} visible ASCII characters, without {@code "} or
 * {@code \}.
 */
public record IdempotencyKey(String value) {
    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1," + MAX_LENGTH + "}");

    /** Empty without the header; the key when the header is well-formed. */
    public static Optional<IdempotencyKey> parse(@Nullable String header) throws InvalidIdempotencyKeyException {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidIdempotencyKeyException(
                    "must be at most " + MAX_LENGTH + " characters, was " + value.length());
        }
        if (!VISIBLE_ASCII.matcher(value).matches()) {
            throw new InvalidIdempotencyKeyException(
                    value.isEmpty()
                            ? "must not be empty"
                            : "must be visible ASCII characters without '\"' or '\\' (a UUID is a good key)");
        }
        return Optional.of(new IdempotencyKey(value));
    }

    /** A malformed {@code Idempotency-Key} header; the message says what is wrong with it. */
    public static final class InvalidIdempotencyKeyException extends Exception {
        InvalidIdempotencyKeyException(String message) {
            super(message, null, false, false);
        }
    }
}
