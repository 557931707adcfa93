package dev.outboxcdc.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.api.customer.CustomerHandlers;
import dev.outboxcdc.api.health.DatabaseHealth;
import dev.outboxcdc.api.outbox.EventSchemaViolationException;
import dev.outboxcdc.support.db.DatabaseErrors;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** All routes in one place, and the one mapping from exceptions to problem details. */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private HttpApi() {}

    public static Javalin create(
            CustomerHandlers customers,
            DatabaseHealth health,
            ObjectMapper json,
            PrometheusMeterRegistry metrics,
            OpenTelemetry openTelemetry) {
        RequestMetrics requests = new RequestMetrics(metrics);
        RequestTracing tracing = new RequestTracing(openTelemetry);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            // Jetty's own limit, above ours, so that our handler answers with a problem body.
            config.http.maxRequestSize = CustomerHandlers.MAX_BODY_BYTES * 2L;
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler(json)));

            config.routes.before(requests::started);
            config.routes.before(tracing::started);
            config.routes.after(tracing::finished);
            config.routes.after(requests::finished);
            config.routes.post("/customers", customers::create);
            config.routes.get("/customers/{id}", customers::find);
            config.routes.patch("/customers/{id}", customers::update);
            config.routes.get("/health/live", DatabaseHealth::live);
            config.routes.get("/health/ready", health::ready);
            config.routes.get("/health", health::ready);
            config.routes.get(
                    "/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));

            config.routes.exception(
                    ProblemException.class, (e, ctx) -> respond(ctx, e.status(), e.toProblem(ctx.path()), json));
            config.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> respond(ctx, e.getStatus(), generic(e.getStatus(), e.getMessage(), ctx), json));
            config.routes.exception(EventSchemaViolationException.class, (e, ctx) -> {
                log.error("{} {} -> 500: {}; nothing was written", ctx.method(), ctx.path(), e.getMessage());
                respond(
                        ctx,
                        500,
                        generic(
                                500,
                                "The event this request would publish does not match its schema; nothing was written",
                                ctx),
                        json);
            });
            config.routes.exception(Exception.class, (e, ctx) -> unexpected(e, ctx, json));
            config.routes.error(404, "*", ctx -> fillEmpty(ctx, json));
            config.routes.error(405, "*", ctx -> fillEmpty(ctx, json));
        });
    }

    private static void unexpected(Exception e, Context ctx, ObjectMapper json) {
        if (DatabaseErrors.isUnavailable(e)) {
            log.warn("{} {} -> 503: database unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
            respond(ctx, 503, generic(503, "The database is unavailable; retry later", ctx), json);
            return;
        }
        log.error("{} {} -> 500", ctx.method(), ctx.path(), e);
        respond(ctx, 500, generic(500, "An unexpected error occurred", ctx), json);
    }

    /** Javalin's own 404/405 answers come without a body; give them a problem body too. */
    private static void fillEmpty(Context ctx, ObjectMapper json) {
        String current = ctx.result();
        if (current == null
                || current.isEmpty()
                || !PROBLEM_JSON.equals(ctx.res().getContentType())) {
            int status = ctx.statusCode();
            String detail = status == 404
                    ? "No such resource: " + ctx.path()
                    : ctx.method() + " is not allowed on " + ctx.path();
            respond(ctx, status, generic(status, detail, ctx), json);
        }
    }

    private static Problem generic(int status, String detail, Context ctx) {
        return new Problem("about:blank", title(status), status, detail, ctx.path(), null);
    }

    /** The problem title of a status, for every problem the api renders. */
    static String title(int status) {
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

    private static void respond(Context ctx, int status, Problem problem, ObjectMapper json) {
        try {
            ctx.status(status).contentType(PROBLEM_JSON).result(json.writeValueAsString(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot render problem " + problem, e);
        }
    }
}
