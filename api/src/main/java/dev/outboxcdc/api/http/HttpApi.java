package dev.outboxcdc.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.api.customer.CustomerHandlers;
import dev.outboxcdc.api.health.DatabaseHealth;
import dev.outboxcdc.producer.EventSchemaViolationException;
import dev.outboxcdc.support.http.ProblemDetails;
import dev.outboxcdc.support.http.ProblemException;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** All routes in one place; errors become problem details ({@link ProblemDetails}). */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
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
        ProblemDetails problems = new ProblemDetails(json);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            // Jetty's own limit, above ours, so that our handler answers with a problem body.
            config.http.maxRequestSize = CustomerHandlers.MAX_BODY_BYTES * 2L;
            config.http.prefer405over404 = true;
            config.registerPlugin(problems);

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

            config.routes.exception(EventSchemaViolationException.class, (e, ctx) -> {
                log.error("{} {} -> 500: {}; nothing was written", ctx.method(), ctx.path(), e.getMessage());
                problems.respond(
                        ctx,
                        ProblemException.of(
                                500,
                                "The event this request would publish does not match its schema; nothing was"
                                        + " written"));
            });
        });
    }
}
