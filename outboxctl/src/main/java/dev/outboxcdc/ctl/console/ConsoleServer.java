package dev.outboxcdc.ctl.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.audit.AuditLog;
import dev.outboxcdc.ctl.guard.ReplayGuard;
import dev.outboxcdc.support.http.ProblemDetails;
import dev.outboxcdc.support.http.ProblemException;
import dev.outboxcdc.support.web.Webjar;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The operator's console: one page ({@code console/index.html}, its script and uPlot, served from
 * the classpath) over a JSON API that scripts can use too (docs/OPERATIONS.md). Every action goes
 * through the same code as outboxctl's commands: the parking lot's confirmed moves, the relay's
 * confirmed publishing, the replay guard and the audit log. Errors are RFC 9457 problem details;
 * a broker or database that does not answer refuses the action with the reason (503), nothing done.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final String UPLOT = Webjar.npm("uplot").directory() + "dist/";
    private static final Map<String, String[]> ASSETS = Map.of(
            "/", new String[] {"console/index.html", "text/html; charset=utf-8"},
            "/console.js", new String[] {"console/console.js", "text/javascript; charset=utf-8"},
            "/console.css", new String[] {"console/console.css", "text/css; charset=utf-8"},
            "/uplot.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/uplot.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});
    /** No inline script or style, nothing from elsewhere, never framed: a payload shown can only be text. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none';"
                    + " form-action 'self'; base-uri 'none'";

    record SignIn(String name, String password) {}

    private final ConsoleAuth auth;
    private final ReplayGuard guard;
    private final AuditLog audit;
    private final MessageActions messages;
    private final Overview overview;
    private final RequeueJobs jobs;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Optional<ConsoleTls> tls;
    private @Nullable Javalin app;

    public ConsoleServer(CtlConfig config, ConsoleConfig console, ReplayGuard guard, DataSource database) {
        this.guard = guard;
        this.audit = AuditLog.open(config, database);
        this.auth = new ConsoleAuth(
                console.users(),
                new SignInThrottle(console.signInLock()),
                audit,
                console.tls().isPresent(),
                Clock.systemUTC());
        this.tls = console.tls();
        this.overview = new Overview(config, database, console.services());
        this.jobs = new RequeueJobs(config, guard, audit);
        this.messages = new MessageActions(config, guard, audit, Jdbi.create(database), jobs, json);
    }

    /** Starts listening; returns the port (the one asked for, or a free one for 0). */
    public int start(String bind, int port) {
        overview.start();
        app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.jsonMapper(new JavalinJackson(json, false));
            javalin.registerPlugin(new ProblemDetails(json));
            // HTTPS only when a key store is configured: Jetty's default plain connector is not added then
            tls.ifPresent(
                    https -> javalin.jetty.addConnector((server, http) -> https.connector(server, http, bind, port)));
            javalin.routes.before(this::secure);
            ASSETS.forEach((path, asset) -> javalin.routes.get(path, ctx -> asset(ctx, asset[0], asset[1])));
            javalin.routes.get("/api/session", this::session);
            javalin.routes.post("/api/session", this::signIn);
            javalin.routes.post("/api/session/end", ctx -> {
                auth.signOut(ctx);
                ctx.status(HttpStatus.NO_CONTENT);
            });
            javalin.routes.get("/api/overview", ctx -> ctx.json(overview.latest()));
            javalin.routes.get("/api/parked", messages::listParked);
            javalin.routes.get("/api/parked/{id}", messages::showParked);
            javalin.routes.post("/api/parked/requeue", messages::requeueParked);
            javalin.routes.get(
                    "/api/jobs/{id}",
                    ctx -> ctx.json(jobs.find(jobId(ctx))
                            .orElseThrow(() -> ProblemException.of(404, "no requeue " + ctx.pathParam("id")))));
            javalin.routes.post(
                    "/api/jobs/{id}/stop",
                    ctx -> ctx.json(jobs.stop(jobId(ctx))
                            .orElseThrow(() -> ProblemException.of(404, "no requeue " + ctx.pathParam("id")))));
            javalin.routes.get("/api/unrouted", messages::listUnrouted);
            javalin.routes.post("/api/unrouted/requeue", messages::requeueUnrouted);
            javalin.routes.post("/api/republish", messages::republish);
            javalin.routes.get("/api/audit", ctx -> ctx.json(audit.recent(Requests.intParam(ctx, "limit", 100, 1000))));
        });
        app.start(bind, port);
        return app.port();
    }

    /**
     * Every response: the page's security headers, and no caching. Every API call but the sign-in:
     * a caller (401 without one), and for a state-changing one from a signed-in browser the
     * session's CSRF token (403 without it).
     */
    private void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        if (!ctx.path().startsWith("/api/") || ctx.path().equals("/api/session")) {
            return;
        }
        ConsoleAuth.Caller caller = auth.caller(ctx).orElseThrow(() -> ProblemException.of(401, "sign in first"));
        if (!ctx.method().name().equals("GET") && !ConsoleAuth.csrfHolds(caller, ctx)) {
            throw ProblemException.of(
                    403, "missing or wrong " + ConsoleAuth.CSRF_HEADER + ": reload the console and sign in");
        }
        ctx.attribute(Requests.CALLER, caller);
    }

    private void session(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signInRequired", auth.required());
        auth.caller(ctx).ifPresent(caller -> {
            body.put("user", caller.user());
            caller.session().ifPresent(session -> body.put("csrfToken", session.csrfToken()));
        });
        body.put("dedupWindowHours", guard.dedupWindow().toHours());
        ctx.json(body);
    }

    private void signIn(Context ctx) {
        SignIn request = Requests.body(ctx, SignIn.class, json);
        ConsoleAuth.Session session = auth.signIn(
                        ctx, String.valueOf(request.name()), String.valueOf(request.password()))
                .orElseThrow(() -> ProblemException.of(401, "wrong name or password"));
        ctx.json(Map.of("user", session.user(), "csrfToken", session.csrfToken()));
    }

    private static long jobId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ProblemException.of(404, "no requeue " + ctx.pathParam("id"));
        }
    }

    private void asset(Context ctx, String resource, String contentType) {
        try (InputStream in = ConsoleServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + resource + " is not on the classpath");
            }
            ctx.contentType(contentType).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops serving, lets a running requeue stop between two messages, and stops sampling. */
    @Override
    public void close() throws InterruptedException {
        if (app != null) {
            app.stop();
        }
        jobs.close();
        overview.close();
    }
}
