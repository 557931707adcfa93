package dev.outboxcdc.api.http;

import dev.outboxcdc.api.customer.FieldError;
import java.util.List;

/**
 * Thrown by handlers to answer with a problem; {@link HttpApi} renders it. An expected outcome,
 * so it carries no stack trace.
 */
public final class ProblemException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException of(int status, String title, String detail) {
        return new ProblemException(status, "about:blank", title, detail, List.of());
    }

    Problem toProblem(String instance) {
        return new Problem(type, title, status, getMessage(), instance, errors);
    }

    int status() {
        return status;
    }
}
