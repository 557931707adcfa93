package dev.outboxcdc.ctl.unrouted;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.Databases;
import dev.outboxcdc.ctl.OutboxCtl;
import dev.outboxcdc.ctl.audit.AuditLog;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code outboxctl unrouted requeue [--type T]}: events the relay moved to the unrouted queue, published again once a subscriber exists. */
@Command(
        name = "unrouted",
        mixinStandardHelpOptions = true,
        description = "Events the relay moved to the unrouted queue because no queue was bound for them.")
public final class UnroutedCommand {
    @ParentCommand
    OutboxCtl root;

    @Command(
            name = "requeue",
            mixinStandardHelpOptions = true,
            description = {
                "Publishes unrouted events to the events exchange again, with their original routing key.",
                "One still unroutable (no queue bound yet) stays there; each leaves the unrouted queue only once",
                "the broker confirmed and routed its copy. Running it twice is safe."
            })
    int requeue(
            @Option(names = "--type", paramLabel = "T", description = "Only events of this type, e.g. CustomerUpdated")
                    String type,
            @Option(names = "--dry-run", description = "Only say what would be published") boolean dryRun)
            throws Exception {
        CtlConfig config = root.config();
        UnroutedEvents.Requeue done;
        try (HikariDataSource pool = Databases.open(config.database());
                Broker broker = Broker.connect(config.amqp())) {
            UnroutedEvents unrouted = new UnroutedEvents(config, broker);
            if (dryRun) {
                done = unrouted.requeue(Optional.ofNullable(type), true);
            } else {
                done = AuditLog.open(config, pool)
                        .run(
                                new AuditLog.Action(
                                        OutboxCtl.operator(),
                                        "cli",
                                        "unrouted.requeue",
                                        type == null ? "all" : "type=" + type,
                                        false),
                                () -> unrouted.requeue(Optional.ofNullable(type), false),
                                UnroutedCommand::ending);
            }
        }
        System.out.printf(
                "%s %d of %d unrouted events to %s %s%n",
                dryRun ? "would publish" : "published",
                done.publishedCount(),
                done.depth(),
                config.exchange(),
                done.published());
        if (!done.stillUnroutable().isEmpty()) {
            System.out.println("still unroutable, left in " + config.unroutedQueue()
                    + " (bind a queue for them first): " + done.stillUnroutable());
            return 1;
        }
        return 0;
    }

    /** Done, or partly done with some still unroutable (left in the unrouted queue). */
    public static AuditLog.Ending ending(UnroutedEvents.Requeue done) {
        int unroutable = done.stillUnroutable().values().stream()
                .mapToInt(Integer::intValue)
                .sum();
        return new AuditLog.Ending(
                unroutable == 0 ? AuditLog.Outcome.DONE : AuditLog.Outcome.PARTIAL,
                done.publishedCount() + unroutable,
                done.publishedCount(),
                unroutable == 0
                        ? ""
                        : unroutable + " still unroutable, left in the unrouted queue: " + done.stillUnroutable());
    }
}
