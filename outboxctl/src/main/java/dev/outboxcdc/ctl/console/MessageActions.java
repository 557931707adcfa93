package dev.outboxcdc.ctl.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.audit.AuditLog;
import dev.outboxcdc.ctl.guard.ReplayGuard;
import dev.outboxcdc.ctl.parked.ParkingLot;
import dev.outboxcdc.ctl.republish.Republisher;
import dev.outboxcdc.ctl.unrouted.UnroutedCommand;
import dev.outboxcdc.ctl.unrouted.UnroutedEvents;
import dev.outboxcdc.support.http.ProblemException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The console's actions on messages, behind its JSON API: parked messages listed, shown and
 * requeued (as a {@link RequeueJobs job}), unrouted events published again, outbox rows
 * republished. Each through the same code as outboxctl's commands, with the replay guard and the
 * audit log; a broker that does not answer refuses an action before its audit entry begins.
 */
final class MessageActions {
    record FilterBody(
            @Nullable String type,
            @Nullable String error,
            @Nullable String aggregate,
            @Nullable Integer olderThanMinutes) {
        ParkingLot.Filter filter() {
            return new ParkingLot.Filter(
                    Requests.blankToEmpty(type),
                    Requests.blankToEmpty(error),
                    Requests.blankToEmpty(aggregate),
                    Optional.ofNullable(olderThanMinutes).map(Duration::ofMinutes));
        }
    }

    record RequeueRequest(List<String> ids, FilterBody filter, boolean dryRun, boolean force) {}

    record UnroutedRequest(String type, boolean dryRun) {}

    record RepublishRequest(List<String> ids, Instant from, Instant to, String type, boolean dryRun, boolean force) {}

    private final CtlConfig config;
    private final ReplayGuard guard;
    private final AuditLog audit;
    private final Jdbi jdbi;
    private final RequeueJobs jobs;
    private final ObjectMapper json;

    MessageActions(
            CtlConfig config, ReplayGuard guard, AuditLog audit, Jdbi jdbi, RequeueJobs jobs, ObjectMapper json) {
        this.config = config;
        this.guard = guard;
        this.audit = audit;
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.json = json;
    }

    void listParked(Context ctx) throws Exception {
        FilterBody filter = new FilterBody(
                ctx.queryParam("type"),
                ctx.queryParam("error"),
                ctx.queryParam("aggregate"),
                ctx.queryParam("olderThanMinutes") == null
                        ? null
                        : Requests.intParam(ctx, "olderThanMinutes", 0, Integer.MAX_VALUE));
        try (Broker broker = broker()) {
            ctx.json(new ParkingLot(config, broker)
                    .list(
                            filter.filter(),
                            Requests.intParam(ctx, "offset", 0, Integer.MAX_VALUE),
                            Requests.intParam(ctx, "limit", 50, 500),
                            Instant.now()));
        }
    }

    void showParked(Context ctx) throws Exception {
        try (Broker broker = broker()) {
            ctx.json(new ParkingLot(config, broker)
                    .show(ctx.pathParam("id"))
                    .orElseThrow(() -> ProblemException.of(
                            404,
                            "no message " + ctx.pathParam("id")
                                    + " in the parking lot (requeued already, or never parked)")));
        }
    }

    /** A dry run answers what would move and whether the guard refuses; a requeue starts a job (202). */
    void requeueParked(Context ctx) throws Exception {
        RequeueRequest request = Requests.body(ctx, RequeueRequest.class, json);
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
        RequeueJobs.View started = jobs.start(Requests.user(ctx), selection, request.force())
                .orElseThrow(() -> ProblemException.of(409, "another requeue is running: wait for it, or stop it"));
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

    void listUnrouted(Context ctx) throws Exception {
        try (Broker broker = broker()) {
            ctx.json(new UnroutedEvents(config, broker).list(Requests.intParam(ctx, "limit", 100, 1000)));
        }
    }

    void requeueUnrouted(Context ctx) throws Exception {
        UnroutedRequest request = Requests.body(ctx, UnroutedRequest.class, json);
        try (Broker broker = broker()) {
            UnroutedEvents unrouted = new UnroutedEvents(config, broker);
            Optional<String> type = Requests.blankToEmpty(request.type());
            ctx.json(
                    request.dryRun()
                            ? unrouted.requeue(type, true)
                            : audit.run(
                                    new AuditLog.Action(
                                            Requests.user(ctx),
                                            "console",
                                            "unrouted.requeue",
                                            type.map(t -> "type=" + t).orElse("all"),
                                            false),
                                    () -> unrouted.requeue(type, false),
                                    UnroutedCommand::ending));
        }
    }

    void republish(Context ctx) throws Exception {
        RepublishRequest request = Requests.body(ctx, RepublishRequest.class, json);
        Republisher.Rows rows;
        try {
            rows = request.ids() != null && !request.ids().isEmpty()
                    ? Republisher.Rows.ofIds(request.ids())
                    : Republisher.Rows.between(
                            Requests.required(request.from(), "from"),
                            Requests.required(request.to(), "to"),
                            Requests.blankToEmpty(request.type()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.of(400, e.getMessage());
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
                new AuditLog.Action(Requests.user(ctx), "console", "republish", rows.describe(), request.force());
        if (selected.outsideWindow() > 0 && !request.force()) {
            String refusal = String.valueOf(body.get("refusal"));
            audit.end(
                    audit.begin(action),
                    AuditLog.Outcome.REFUSED,
                    selected.ids().size(),
                    0,
                    refusal);
            throw ProblemException.of(409, refusal);
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
            throw ProblemException.of(503, "the broker does not answer (" + e.getMessage() + "): nothing was done");
        }
    }

    /** Before an action starts its audit entry: a broker that is down refuses it at once. */
    void checkBrokerAnswers() throws IOException {
        broker().close();
    }
}
