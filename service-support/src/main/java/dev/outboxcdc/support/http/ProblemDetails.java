package dev.outboxcdc.support.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.support.db.DatabaseErrors;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.plugin.Plugin;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a Javalin server of the project (the api, the operator's console) turns errors
 * into RFC 9457 problem details, rendered by the server's own JSON writer: a {@link ProblemException}
 * as it says; Javalin's own errors (400, 404, 405, ...) and the requests Jetty rejects before
 * Javalin sees them with their status; a database that does not answer as 503 (nothing was done,
 * retry later); anything else as 500, logged once with its stack trace. Handlers throw; they never
 * catch to answer. Register it with {@code config.registerPlugin(new ProblemDetails(json))}.
 */
public final class ProblemDetails extends Plugin<Void> {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

    private final ObjectMapper json;

    public ProblemDetails(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void onInitialize(JavalinState state) {
        state.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler(json)));
        state.routes.exception(ProblemException.class, (e, ctx) -> respond(ctx, e));
        state.routes.exception(
                HttpResponseException.class,
                (e, ctx) -> respond(ctx, ProblemException.of(e.getStatus(), e.getMessage())));
        state.routes.exception(Exception.class, this::unexpected);
        state.routes.error(404, "*", this::fillEmpty);
        state.routes.error(405, "*", this::fillEmpty);
    }

    /** Answers with {@code problem}, for an exception a server maps itself. */
    public void respond(Context ctx, ProblemException problem) {
        try {
            ctx.status(problem.status())
                    .contentType(CONTENT_TYPE)
                    .result(json.writeValueAsString(problem.toProblem(ctx.path())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the problem " + problem.getMessage(), e);
        }
    }

    private void unexpected(Exception e, Context ctx) {
        if (DatabaseErrors.isUnavailable(e)) {
            log.warn("{} {} -> 503: database unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
            respond(ctx, ProblemException.of(503, "The database is unavailable: nothing was done; retry later"));
            return;
        }
        log.error("{} {} -> 500", ctx.method(), ctx.path(), e);
        respond(ctx, ProblemException.of(500, "An unexpected error occurred (the server's log has the details)"));
    }

    /** Javalin's own 404/405 answers come without a body; give them a problem body too. */
    private void fillEmpty(Context ctx) {
        if (ctx.result() == null
                || ctx.result().isEmpty()
                || !CONTENT_TYPE.equals(ctx.res().getContentType())) {
            int status = ctx.statusCode();
            String detail = status == 404
                    ? "No such resource: " + ctx.path()
                    : ctx.method() + " is not allowed on " + ctx.path();
            respond(ctx, ProblemException.of(status, detail));
        }
    }

    /** The problem title of a status, for every problem the project renders. */
    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 503 -> "Service Unavailable";
            default -> {
                String reason = HttpStatus.getMessage(status);
                yield reason != null ? reason : status >= 500 ? "Internal Server Error" : "Request Error";
            }
        };
    }
}
