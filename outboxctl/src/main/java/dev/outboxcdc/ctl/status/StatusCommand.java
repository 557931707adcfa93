package dev.outboxcdc.ctl.status;

import com.zaxxer.hikari.HikariDataSource;
import dev.outboxcdc.ctl.Broker;
import dev.outboxcdc.ctl.CtlConfig;
import dev.outboxcdc.ctl.Databases;
import dev.outboxcdc.ctl.OutboxCtl;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
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
            RelayStatus relay = RelayStatus.read(config, Jdbi.create(pool));
            System.out.println("relay " + config.relayName());
            System.out.println("  lease:           " + relay.lease());
            System.out.println("  server binlog:   " + relay.serverPosition());
            System.out.println("  stored position: " + relay.storedPosition());
            System.out.println("  lag:             " + relay.lag());
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
}
