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

/** {@code outboxctl unrouted requeue [--type T]}: events the relay set aside, published again once a subscriber exists. */
@Command(
        name = "unrouted",
        mixinStandardHelpOptions = true,
        description = "Events the relay set aside because no queue was bound for them.")
public final class UnroutedCommand {
    @ParentCommand
    OutboxCtl root;

    @Command(
            name = "requeue",
            mixinStandardHelpOptions = true,
            description = {
                "Publishes set-aside events to the events exchange again, with their original routing key.",
                "One still unroutable (no queue bound yet) stays set aside; each leaves the set-aside queue only once",
                "the broker confirmed and routed its copy. Running it twice is safe."
            })
    int requeue(
            @Option(names = "--type", paramLabel = "T", description = "Only events of this type, e.g. CustomerUpdated")
                    String type,
            @Option(names = "--dry-run", description = "Only say what would be published") boolean dryRun)
            throws Exception {
        CtlConfig config = root.config();
        SetAsideEvents.Requeue done;
        try (HikariDataSource pool = Databases.open(config.database());
                Broker broker = Broker.connect(config.amqp())) {
            SetAsideEvents setAside = new SetAsideEvents(config, broker);
            if (dryRun) {
                done = setAside.requeue(Optional.ofNullable(type), true);
            } else {
                done = AuditLog.open(config, pool)
                        .run(
                                new AuditLog.Action(
                                        OutboxCtl.operator(),
                                        "cli",
                                        "unrouted.requeue",
                                        type == null ? "all" : "type=" + type,
                                        false),
                                () -> setAside.requeue(Optional.ofNullable(type), false),
                                UnroutedCommand::ending);
            }
        }
        System.out.printf(
                "%s %d of %d set-aside events to %s %s%n",
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

    /** Done, or partly done with some still unroutable (left set aside). */
    public static AuditLog.Ending ending(SetAsideEvents.Requeue done) {
        int unroutable = done.stillUnroutable().values().stream()
                .mapToInt(Integer::intValue)
                .sum();
        return new AuditLog.Ending(
                unroutable == 0 ? AuditLog.Outcome.DONE : AuditLog.Outcome.PARTIAL,
                done.publishedCount() + unroutable,
                done.publishedCount(),
                unroutable == 0 ? "" : unroutable + " still unroutable, left set aside: " + done.stillUnroutable());
    }
}
