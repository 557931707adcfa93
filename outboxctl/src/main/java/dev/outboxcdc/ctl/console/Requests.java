package dev.outboxcdc.ctl.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.support.http.ProblemException;
import io.javalin.http.Context;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What the console's handlers read from a request: its JSON body, its numbers, its caller; and how they refuse one ({@link ProblemException}). */
final class Requests {
    /** The request attribute that holds the {@link ConsoleAuth.Caller}, set once it is authenticated. */
    static final String CALLER = "caller";

    private Requests() {}

    /** The signed-in user (or the script's) of an authenticated request. */
    static String user(Context ctx) {
        ConsoleAuth.Caller caller = ctx.attribute(CALLER);
        return caller.user();
    }

    static <T> T body(Context ctx, Class<T> type, ObjectMapper json) {
        try {
            return json.readValue(ctx.body(), type);
        } catch (JsonProcessingException e) {
            throw ProblemException.of(400, "the request body is not the JSON expected: " + e.getOriginalMessage());
        }
    }

    static <T> T required(@Nullable T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("either ids, or a time range from .. to (" + name + " is missing)");
        }
        return value;
    }

    static int intParam(Context ctx, String name, int defaultValue, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < 0 || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ProblemException.of(400, name + " must be a whole number from 0 to " + max + ", not '" + raw + "'");
        }
    }

    static Optional<String> blankToEmpty(@Nullable String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
