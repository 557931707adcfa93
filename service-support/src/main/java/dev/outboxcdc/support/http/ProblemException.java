package dev.outboxcdc.support.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler to answer with a problem; {@link ProblemDetails} renders it. An expected
 * outcome, so it carries no stack trace.
 */
public final class ProblemException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final List<?> errors;

    /** {@code detail}: the exception's own message, where it has one; the title where not. */
    public ProblemException(int status, String type, String title, @Nullable String detail, List<?> errors) {
        super(detail != null ? detail : title, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** {@code about:blank}, with the status's own title. */
    public static ProblemException of(int status, @Nullable String detail) {
        return of(status, ProblemDetails.title(status), String.valueOf(detail));
    }

    public static ProblemException of(int status, String title, String detail) {
        return new ProblemException(status, "about:blank", title, detail, List.of());
    }

    public int status() {
        return status;
    }

    Problem toProblem(String instance) {
        return new Problem(type, title, status, String.valueOf(getMessage()), instance, errors);
    }
}
