package dev.outboxcdc.ctl.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.audit.AuditLog;
import dev.outboxcdc.ctl.guard.ReplayGuard;
import dev.outboxcdc.ctl.parked.ParkingLot;
import dev.outboxcdc.ctl.republish.Republisher;
import dev.outboxcdc.ctl.unrouted.SetAsideEvents;
import dev.outboxcdc.ctl.unrouted.UnroutedCommand;
import dev.outboxcdc.support.db.DatabaseErrors;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's console: one page ({@code console/index.html}, its script and uPlot, served from
 * the classpath) over a JSON API that scripts can use too (docs/OPERATIONS.md). Every action goes
 * through the same code as outboxctl's commands: the parking lot's confirmed moves, the relay's
 * confirmed publishing, the replay guard and the audit log. Errors are RFC 9457 problem details;
 * a broker or database that does not answer refuses the action with the reason (503), nothing done.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
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

    /** A request refused with a status and a reason. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String detail) {
            super(detail);
            this.status = status;
        }
    }

    record SignIn(String name, String password) {}

    record FilterBody(String type, String error, String aggregate, Integer olderThanMinutes) {
        ParkingLot.Filter filter() {
            return new ParkingLot.Filter(
                    blankToEmpty(type),
                    blankToEmpty(error),
                    blankToEmpty(aggregate),
                    Optional.ofNullable(olderThanMinutes).map(Duration::ofMinutes));
        }
    }

    record RequeueRequest(List<String> ids, FilterBody filter, boolean dryRun, boolean force) {}

    record UnroutedRequest(String type, boolean dryRun) {}

    record RepublishRequest(List<String> ids, Instant from, Instant to, String type, boolean dryRun, boolean force) {}

    private final CtlConfig config;
    private final ConsoleAuth auth;
    private final ReplayGuard guard;
    private final AuditLog audit;
    private final Jdbi jdbi;
    private final Overview overview;
    private final RequeueJobs jobs;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private Javalin app;

    public ConsoleServer(CtlConfig config, ConsoleConfig console, ReplayGuard guard, DataSource database) {
        this.config = config;
        this.auth = new ConsoleAuth(console.users());
        this.guard = guard;
        this.audit = AuditLog.open(database);
        this.jdbi = Jdbi.create(database);
        this.overview = new Overview(config, database, console.services());
        this.jobs = new RequeueJobs(config, guard, audit);
    }

    /** Starts listening; returns the port (the one asked for, or a free one for 0). */
    public int start(String bind, int port) {
        overview.start();
        app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.jsonMapper(new JavalinJackson(json, false));
            javalin.routes.before(this::secure);
            ASSETS.forEach((path, asset) -> javalin.routes.get(path, ctx -> asset(ctx, asset[0], asset[1])));
            javalin.routes.get("/api/session", this::session);
            javalin.routes.post("/api/session", this::signIn);
            javalin.routes.post("/api/session/end", ctx -> {
                auth.signOut(ctx);
                ctx.status(HttpStatus.NO_CONTENT);
            });
            javalin.routes.get("/api/overview", ctx -> ctx.json(overview.latest()));
            javalin.routes.get("/api/parked", this::listParked);
            javalin.routes.get("/api/parked/{id}", this::showParked);
            javalin.routes.post("/api/parked/requeue", this::requeueParked);
            javalin.routes.get(
                    "/api/jobs/{id}",
                    ctx -> ctx.json(jobs.find(jobId(ctx))
                            .orElseThrow(() -> new Refused(404, "no requeue " + ctx.pathParam("id")))));
            javalin.routes.post(
                    "/api/jobs/{id}/stop",
                    ctx -> ctx.json(jobs.stop(jobId(ctx))
                            .orElseThrow(() -> new Refused(404, "no requeue " + ctx.pathParam("id")))));
            javalin.routes.get("/api/unrouted", this::listUnrouted);
            javalin.routes.post("/api/unrouted/requeue", this::requeueUnrouted);
            javalin.routes.post("/api/republish", this::republish);
            javalin.routes.get("/api/audit", ctx -> ctx.json(audit.recent(intParam(ctx, "limit", 100, 1000))));
            javalin.routes.exception(Refused.class, (e, ctx) -> problem(ctx, e.status, e.getMessage()));
            javalin.routes.exception(Exception.class, this::unexpected);
            javalin.routes.error(404, "*", ctx -> {
                if (!PROBLEM_JSON.equals(ctx.res().getContentType())) {
                    problem(ctx, 404, "No such resource: " + ctx.path());
                }
            });
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
        ConsoleAuth.Caller caller = auth.caller(ctx).orElseThrow(() -> new Refused(401, "sign in first"));
        if (!ctx.method().name().equals("GET") && !ConsoleAuth.csrfHolds(caller, ctx)) {
            throw new Refused(403, "missing or wrong " + ConsoleAuth.CSRF_HEADER + ": reload the console and sign in");
        }
        ctx.attribute("caller", caller);
    }

    private String user(Context ctx) {
        ConsoleAuth.Caller caller = ctx.attribute("caller");
        return caller.user();
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
        SignIn request = body(ctx, SignIn.class);
        ConsoleAuth.Session session = auth.signIn(
                        ctx, String.valueOf(request.name()), String.valueOf(request.password()))
                .orElseThrow(() -> new Refused(401, "wrong name or password"));
        ctx.json(Map.of("user", session.user(), "csrfToken", session.csrfToken()));
    }

    private void listParked(Context ctx) throws Exception {
        FilterBody filter = new FilterBody(
                ctx.queryParam("type"),
                ctx.queryParam("error"),
                ctx.queryParam("aggregate"),
                ctx.queryParam("olderThanMinutes") == null
                        ? null
                        : intParam(ctx, "olderThanMinutes", 0, Integer.MAX_VALUE));
        try (Broker broker = broker()) {
            ctx.json(new ParkingLot(config, broker)
                    .list(
                            filter.filter(),
                            intParam(ctx, "offset", 0, Integer.MAX_VALUE),
                            intParam(ctx, "limit", 50, 500),
                            Instant.now()));
        }
    }

    private void showParked(Context ctx) throws Exception {
        try (Broker broker = broker()) {
            ctx.json(new ParkingLot(config, broker)
                    .show(ctx.pathParam("id"))
                    .orElseThrow(() -> new Refused(
                            404,
                            "no message " + ctx.pathParam("id")
                                    + " in the parking lot (requeued already, or never parked)")));
        }
    }

    /** A dry run answers what would move and whether the guard refuses; a requeue starts a job (202). */
    private void requeueParked(Context ctx) throws Exception {
        RequeueRequest request = body(ctx, RequeueRequest.class);
        List<String> ids = request.ids() == null ? List.of() : request.ids();
        ParkingLot.Filter filter = request.filter() == null
                ? ParkingLot.Filter.ALL
                : request.filter().filter();
        ParkingLot.Selection selection = new ParkingLot.Selection(Set.copyOf(ids), filter);
        if (request.dryRun()) {
            try (Broker broker = broker()) {
                ParkingLot.Requeue plan = new ParkingLot(config, broker).plan(selection, guard, Instant.now());
                ctx.json(dryRun(plan.matched(), plan.ids(), plan.outsideWindow(), request.force()));
            }
            return;
        }
        checkBrokerAnswers();
        RequeueJobs.View started = jobs.start(user(ctx), selection, request.force())
                .orElseThrow(() -> new Refused(409, "another requeue is running: wait for it, or stop it"));
        ctx.status(HttpStatus.ACCEPTED).json(started);
    }

    private Map<String, Object> dryRun(long matched, List<String> ids, long outsideWindow, boolean force) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("matched", matched);
        body.put("ids", ids.subList(0, Math.min(ids.size(), 1000)));
        body.put("outsideWindow", outsideWindow);
        body.put("refused", outsideWindow > 0 && !force);
        body.put("refusal", outsideWindow > 0 ? guard.refusal(outsideWindow, "Ticking \"send them anyway\"") : "");
        return body;
    }

    private void listUnrouted(Context ctx) throws Exception {
        try (Broker broker = broker()) {
            ctx.json(new SetAsideEvents(config, broker).list(intParam(ctx, "limit", 100, 1000)));
        }
    }

    private void requeueUnrouted(Context ctx) throws Exception {
        UnroutedRequest request = body(ctx, UnroutedRequest.class);
        try (Broker broker = broker()) {
            SetAsideEvents setAside = new SetAsideEvents(config, broker);
            Optional<String> type = blankToEmpty(request.type());
            ctx.json(
                    request.dryRun()
                            ? setAside.requeue(type, true)
                            : audit.run(
                                    new AuditLog.Action(
                                            user(ctx),
                                            "console",
                                            "unrouted.requeue",
                                            type.map(t -> "type=" + t).orElse("all"),
                                            false),
                                    () -> setAside.requeue(type, false),
                                    UnroutedCommand::ending));
        }
    }

    private void republish(Context ctx) throws Exception {
        RepublishRequest request = body(ctx, RepublishRequest.class);
        Republisher.Rows rows;
        try {
            rows = request.ids() != null && !request.ids().isEmpty()
                    ? Republisher.Rows.ofIds(request.ids())
                    : Republisher.Rows.between(
                            required(request.from(), "from"),
                            required(request.to(), "to"),
                            blankToEmpty(request.type()));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, e.getMessage());
        }
        Republisher republisher = new Republisher(config, jdbi);
        Republisher.Selected selected = republisher.select(rows, guard, Instant.now());
        Map<String, Object> body =
                dryRun(selected.ids().size(), List.copyOf(selected.ids()), selected.outsideWindow(), request.force());
        body.put("missing", selected.missing(rows));
        if (request.dryRun()) {
            ctx.json(body);
            return;
        }
        AuditLog.Action action =
                new AuditLog.Action(user(ctx), "console", "republish", rows.describe(), request.force());
        if (selected.outsideWindow() > 0 && !request.force()) {
            audit.end(
                    audit.begin(action),
                    AuditLog.Outcome.REFUSED,
                    selected.ids().size(),
                    0,
                    (String) body.get("refusal"));
            throw new Refused(409, (String) body.get("refusal"));
        }
        checkBrokerAnswers();
        int published = audit.run(
                action,
                () -> republisher.publish(rows),
                count -> new AuditLog.Ending(
                        AuditLog.Outcome.DONE, selected.ids().size(), count, ""));
        body.put("published", published);
        ctx.json(body);
    }

    private Broker broker() {
        try {
            return Broker.connect(config.amqp());
        } catch (IOException | TimeoutException e) {
            throw new Refused(503, "the broker does not answer (" + e.getMessage() + "): nothing was done");
        }
    }

    /** Before an action starts its audit entry: a broker that is down refuses it at once. */
    private void checkBrokerAnswers() throws IOException {
        broker().close();
    }

    private <T> T body(Context ctx, Class<T> type) {
        try {
            return json.readValue(ctx.body(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refused(400, "the request body is not the JSON expected: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("either ids, or a time range from .. to (" + name + " is missing)");
        }
        return value;
    }

    private static long jobId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new Refused(404, "no requeue " + ctx.pathParam("id"));
        }
    }

    private static int intParam(Context ctx, String name, int defaultValue, int max) {
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
            throw new Refused(400, name + " must be a whole number from 0 to " + max + ", not '" + raw + "'");
        }
    }

    private static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
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

    private void unexpected(Exception e, Context ctx) {
        if (DatabaseErrors.isUnavailable(e)) {
            log.warn("{} {} -> 503: database unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
            problem(ctx, 503, "the database does not answer (" + e.getMessage() + "): nothing was done");
            return;
        }
        log.error("{} {} -> 500", ctx.method(), ctx.path(), e);
        problem(ctx, 500, "an unexpected error: " + e.getMessage() + " (the console's log has the details)");
    }

    /** Every error of the console, as RFC 9457 problem details. */
    private void problem(Context ctx, int status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.forStatus(status).getMessage());
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", ctx.path());
        try {
            ctx.status(status).contentType(PROBLEM_JSON).result(json.writeValueAsString(problem));
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
