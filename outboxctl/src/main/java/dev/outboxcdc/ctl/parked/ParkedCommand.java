package dev.outboxcdc.ctl.parked;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.Databases;
import dev.outboxcdc.ctl.OutboxCtl;
import dev.outboxcdc.ctl.StopRequest;
import dev.outboxcdc.ctl.audit.AuditLog;
import dev.outboxcdc.ctl.guard.ReplayGuard;
import dev.outboxcdc.ctl.parked.ParkingLot.Filter;
import dev.outboxcdc.ctl.parked.ParkingLot.ParkedMessage;
import dev.outboxcdc.ctl.parked.ParkingLot.Requeue;
import dev.outboxcdc.ctl.parked.ParkingLot.Selection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code outboxctl parked list | show <id> | requeue}: the worker's parking lot ({@link ParkingLot}). */
@Command(
        name = "parked",
        mixinStandardHelpOptions = true,
        description = "The worker's parked messages: list, show, requeue.")
public final class ParkedCommand {
    @ParentCommand
    OutboxCtl root;

    /** The filter options of list and requeue. */
    static final class FilterOptions {
        @Option(names = "--type", paramLabel = "T", description = "Only events of this type, e.g. CustomerUpdated")
        String type;

        @Option(names = "--error", paramLabel = "TEXT", description = "Only those whose last error contains TEXT")
        String error;

        @Option(names = "--aggregate", paramLabel = "ID", description = "Only events of this aggregate (customer id)")
        String aggregate;

        @Option(
                names = "--older-than",
                paramLabel = "DURATION",
                description = "Only events created longer ago than this, e.g. 30m, 2h, 7d")
        Duration olderThan;

        Filter filter() {
            return new Filter(
                    Optional.ofNullable(type),
                    Optional.ofNullable(error),
                    Optional.ofNullable(aggregate),
                    Optional.ofNullable(olderThan));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists parked messages (they stay parked).")
    int list(
            @Mixin FilterOptions filter,
            @Option(names = "--offset", defaultValue = "0", description = "Skip this many matches first") int offset,
            @Option(
                            names = "--limit",
                            defaultValue = "100",
                            description = "At most this many (default: ${DEFAULT-VALUE})")
                    int limit)
            throws Exception {
        CtlConfig config = root.config();
        try (Broker broker = Broker.connect(config.amqp())) {
            ParkingLot lot = new ParkingLot(config, broker);
            ParkingLot.Listing listing = lot.list(filter.filter(), offset, limit, Instant.now());
            System.out.printf(
                    "%d parked in %s, %d matching %s%s%n",
                    listing.depth(),
                    lot.queue(),
                    listing.matched(),
                    filter.filter().describe(),
                    listing.page().size() < listing.matched()
                            ? ", showing " + listing.page().size() + " from #" + (offset + 1)
                            : "");
            for (ParkedMessage message : listing.page()) {
                System.out.printf(
                        "  %s  %s  attempt %s  waits %s  %s%n",
                        message.id(),
                        message.type(),
                        message.attempt(),
                        message.waits(),
                        abbreviate(message.lastError(), 120));
            }
        }
        return 0;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Shows one parked message: properties, headers, body.")
    int show(@Parameters(paramLabel = "<id>", description = "The message id (the outbox row's id)") String id)
            throws Exception {
        CtlConfig config = root.config();
        try (Broker broker = Broker.connect(config.amqp())) {
            Optional<ParkedMessage> found = new ParkingLot(config, broker).show(id);
            if (found.isEmpty()) {
                System.out.println(
                        "no message " + id + " in " + config.parkingLot() + " (requeued already, or never parked)");
                return 1;
            }
            ParkedMessage message = found.get();
            System.out.println("message id: " + message.id());
            System.out.println("type:       " + message.type());
            System.out.println("routed as:  " + message.routingKey());
            System.out.println("headers:    " + message.headers());
            System.out.println("body:       " + message.body());
            return 0;
        }
    }

    @Command(
            name = "requeue",
            mixinStandardHelpOptions = true,
            description = {
                "Moves parked messages back to the work queue with their properties and headers, attempt count reset.",
                "Each one leaves the parking lot only once the broker confirmed its copy; running it twice is safe.",
                "Refused, moving nothing, if a selected event is older than the consumers' dedup window",
                "(WORKER_RETENTION_HOURS) unless --force. Audited (outboxctl audit)."
            })
    int requeue(
            @Parameters(paramLabel = "<id>", arity = "0..*", description = "Message ids to requeue") List<String> ids,
            @Option(names = "--all", description = "Every message parked when the command starts") boolean all,
            @Mixin FilterOptions filter,
            @Option(names = "--dry-run", description = "Only say what would be requeued") boolean dryRun,
            @Option(names = "--force", description = "Requeue events outside the dedup window too") boolean force)
            throws Exception {
        boolean filtered = !filter.filter().equals(Filter.ALL);
        int ways = (ids != null && !ids.isEmpty() ? 1 : 0) + (all ? 1 : 0) + (filtered ? 1 : 0);
        if (ways != 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "requeue needs exactly one of: message ids, --all, or filter options");
        }
        Selection selection = new Selection(ids == null ? Set.of() : Set.copyOf(ids), filter.filter());
        CtlConfig config = root.config();
        ReplayGuard guard = root.replayGuard();
        Instant now = Instant.now();
        try (HikariDataSource pool = Databases.open(config.database());
                Broker broker = Broker.connect(config.amqp())) {
            ParkingLot lot = new ParkingLot(config, broker);
            if (dryRun) {
                Requeue plan = lot.plan(selection, guard, now);
                plan.ids().forEach(id -> System.out.println("would requeue " + id));
                System.out.printf("would requeue %d parked messages to %s%n", plan.matched(), config.workQueue());
                if (plan.refusedBy(force)) {
                    System.out.println("but refused: " + guard.refusal(plan.outsideWindow(), "--force"));
                    return 1;
                }
                return 0;
            }
            AuditLog audit = AuditLog.open(config, pool);
            Requeue done;
            try (StopRequest stop = StopRequest.onSignal()) {
                done = audit.run(
                        new AuditLog.Action(OutboxCtl.operator(), "cli", "parked.requeue", selection.describe(), force),
                        () -> lot.requeue(
                                selection,
                                guard,
                                force,
                                now,
                                stop::requested,
                                progress -> System.out.printf("  ... requeued %d so far%n", progress.moved())),
                        result -> ending(result, guard, force));
            }
            return report(done, selection, guard, force, config);
        }
    }

    /** How a requeue ends in the audit log: refused, failed half-way, stopped, or done. */
    public static AuditLog.Ending ending(Requeue result, ReplayGuard guard, boolean force) {
        if (result.refusedBy(force)) {
            return new AuditLog.Ending(
                    AuditLog.Outcome.REFUSED,
                    result.matched(),
                    0,
                    guard.refusal(result.outsideWindow(), "Forcing (--force, or the console's \"send them anyway\")"));
        }
        if (result.failure().isPresent()) {
            return new AuditLog.Ending(
                    result.moved() > 0 ? AuditLog.Outcome.PARTIAL : AuditLog.Outcome.FAILED,
                    result.matched(),
                    result.moved(),
                    result.failure().get());
        }
        if (result.stopped()) {
            return new AuditLog.Ending(
                    AuditLog.Outcome.PARTIAL, result.matched(), result.moved(), "stopped by the operator");
        }
        return new AuditLog.Ending(
                AuditLog.Outcome.DONE,
                result.matched(),
                result.moved(),
                result.outsideWindow() > 0 ? result.outsideWindow() + " outside the dedup window, forced" : "");
    }

    private static int report(Requeue done, Selection selection, ReplayGuard guard, boolean force, CtlConfig config) {
        if (done.refusedBy(force)) {
            System.out.println("refused: " + guard.refusal(done.outsideWindow(), "--force"));
            return 1;
        }
        done.ids().forEach(id -> System.out.println("requeued " + id));
        System.out.printf(
                "requeued %d of %d matching parked messages to %s%n", done.moved(), done.matched(), config.workQueue());
        done.failure().ifPresent(System.err::println);
        if (done.stopped()) {
            System.out.println("stopped before the end: the others stay parked");
        }
        selection.ids().stream()
                .filter(id -> !done.ids().contains(id))
                .sorted()
                .forEach(id -> System.out.println(
                        "not in " + config.parkingLot() + ": " + id + " (requeued already, or never parked)"));
        return done.failure().isPresent() ? 1 : 0;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
