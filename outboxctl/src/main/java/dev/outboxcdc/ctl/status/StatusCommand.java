package dev.outboxcdc.ctl.status;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.contract.outbox.OutboxStore;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.Databases;
import dev.outboxcdc.ctl.OutboxCtl;
import dev.outboxcdc.relay.state.RelayLease;
import dev.outboxcdc.relay.state.RelayNames;
import dev.outboxcdc.relay.state.StoredOffsets;
import dev.outboxcdc.support.db.DatabaseFlavor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code outboxctl status}: who holds the relay's lease, how far it got, and the queues' depths. Changes nothing. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Relay lease holder, stored binlog position vs the server's, lag, queue depths. Changes nothing.")
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    OutboxCtl root;

    @Override
    public Integer call() throws Exception {
        CtlConfig config = root.config();
        try (HikariDataSource pool = Databases.open(config.database())) {
            Jdbi jdbi = Jdbi.create(pool);
            DatabaseFlavor flavor = config.database().resolveFlavor();
            System.out.println("relay " + config.relayName());
            System.out.println(
                    "  lease:           " + jdbi.withHandle(handle -> leaseHolder(handle, config.relayName())));
            Optional<StoredOffsets.BinlogPosition> stored =
                    new StoredOffsets(jdbi, flavor, RelayNames.offsetsTable(config.relayName())).stored();
            System.out.println("  server binlog:   " + jdbi.withHandle(StatusCommand::serverPosition));
            System.out.println("  stored position: "
                    + stored.map(Object::toString).orElse("none (the relay has not stored one yet)"));
            System.out.println("  lag:             " + jdbi.withHandle(handle -> lag(handle, stored)));
        }
        try (Broker broker = Broker.connect(config.amqp())) {
            System.out.println("queues (messages ready)");
            for (String queue : config.queues()) {
                OptionalLong depth = broker.depth(queue);
                System.out.printf(
                        "  %-48s %s%n", queue, depth.isPresent() ? Long.toString(depth.getAsLong()) : "(not declared)");
            }
        }
        return 0;
    }

    private static String leaseHolder(Handle handle, String relayName) {
        Optional<Long> connection = handle.createQuery("SELECT IS_USED_LOCK(:name)")
                .bind("name", RelayLease.lockName(relayName))
                .mapTo(Long.class)
                .findOne();
        if (connection.isEmpty()) {
            return "free: no relay named " + relayName + " is running";
        }
        Optional<String> who = handle.createQuery(
                        "SELECT CONCAT(user, '@', host) FROM information_schema.processlist WHERE id = :id")
                .bind("id", connection.get())
                .mapTo(String.class)
                .findOne();
        return "held by connection " + connection.get()
                + who.map(user -> " (" + user + ")").orElse("");
    }

    private static String serverPosition(Handle handle) {
        return handle.createQuery("SHOW MASTER STATUS")
                .map((row, ctx) -> row.getString(1) + ":" + row.getLong(2))
                .findOne()
                .orElse("binary logging is off");
    }

    /** Outbox rows committed after the newest event the stored position covers: published, or waiting to be. */
    private static String lag(Handle handle, Optional<StoredOffsets.BinlogPosition> stored) {
        Optional<Instant> passed = stored.flatMap(StoredOffsets.BinlogPosition::eventTime);
        if (passed.isEmpty()) {
            return "unknown (no outbox event in the stored position yet)";
        }
        long newer = OutboxStore.countCreatedSince(
                handle, Instant.ofEpochSecond(passed.get().getEpochSecond() + 1));
        Duration age = Duration.between(passed.get(), Instant.now());
        return newer + " outbox rows committed after the stored position's last event (" + passed.get() + ", "
                + age.toSeconds() + " s ago; it grows while the outbox is idle)";
    }
}
